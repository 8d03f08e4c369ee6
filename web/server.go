package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/metrics"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/staff"
	"github.com/gin-gonic/gin"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Config is what the web layer needs to know about its surroundings.
type Config struct {
	BaseURL string // public address, for links residents keep, e.g. https://tilmeld.example.dk
	// TrustedProxies are the addresses (or CIDR ranges) of reverse proxies
	// whose X-Forwarded-For is believed. None by default: otherwise anyone
	// could claim any address and slip past per-address limits.
	TrustedProxies []string
	// SignupsPerMinute bounds sign-up and cancel POSTs per client address
	// (0: no limit); LoginsPerMinute bounds staff login attempts likewise.
	SignupsPerMinute int
	LoginsPerMinute  int
	// PublicDir, if set, is a folder whose files are served as they are
	// under /public/ (a poster PDF, a logo).
	PublicDir string
	// ActivityCache is how long an activity read from the database (and
	// its rendered form) is reused; 0 reads it for every request.
	ActivityCache time.Duration
	// FormMinAge is how long a sign-up form must have been open before it
	// is sent (form_token.go); serve uses DefaultFormMinAge, tests 0.
	FormMinAge time.Duration
	// Metrics, if set, count sign-ups and time requests; /metrics serves them.
	Metrics *metrics.Metrics
	// SMS is on (TILMELD_SMS): the sign-up forms ask whether she wants
	// text messages about her sign-up, ticked by default. While it is off
	// they do not ask.
	SMS bool
	// SendLink, set when SMS is on, sends a sign-up's link to her phone
	// (at most once per store.LinkLimit): a number signed up already is
	// then told only that a text is on its way, so a stranger who types
	// her number learns nothing.
	SendLink func(ctx context.Context, reference string, now time.Time) (bool, error)
	// Privacy is what the privacy notice at /privatliv names: the data
	// controller, how to reach them, and the retention period.
	Privacy Privacy
}

// Server serves the public pages.
type Server struct {
	store      *store.Store
	bundle     *i18n.Bundle
	log        *slog.Logger
	cfg        Config
	pages      *pages
	static     *staticFiles
	now        func() time.Time
	matcher    language.Matcher
	plan       *domain.Plan
	facts      domain.PrivacyFacts // what the privacy notice and the consent box state
	tz         *time.Location      // the plan's: every date residents see
	handler    http.Handler
	staff      *staff.Server // the staff workspace under /staff/
	routes     func() gin.RoutesInfo
	activities *activityCache // nil: no cache
}

// MaxBodyBytes bounds a form submission; real forms are a few hundred bytes.
const MaxBodyBytes = 64 << 10

// New builds the public web handler for plan pl.
func New(st *store.Store, pl *domain.Plan, bundle *i18n.Bundle, log *slog.Logger, cfg Config) (*Server, error) {
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{plan: pl, tz: pl.Location, store: st, bundle: bundle, log: log, cfg: cfg, pages: p, static: loadStatic(), now: time.Now,
		matcher: language.NewMatcher(locales.Tags())}
	s.activities = newActivityCache(cfg.ActivityCache, s.clock)
	if s.facts, err = cfg.Privacy.facts(pl); err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("web: TILMELD_TRUSTED_PROXIES: %w", err)
	}
	r.Use(s.requestID, s.accessLog, s.recoverPanic, securityHeaders, s.strictTransport, s.chooseLanguage)
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/static/:file", s.serveStatic)
	r.GET("/", s.home)
	r.GET("/a/:slug", s.activityForm)
	signupLimit := s.limit(newAddressLimiter(cfg.SignupsPerMinute, s.clock))
	r.POST("/a/:slug", signupLimit, s.limitBody, s.submitSignup)
	r.GET("/afmeld/:token", s.cancelPage)
	r.GET("/afmeld/:token/kalender.ics", s.calendarFile)
	r.GET("/m/:code", s.shortLink)
	r.POST("/afmeld/:token", signupLimit, s.limitBody, s.cancelSubmit)
	r.POST("/afmeld/:token/slet", signupLimit, s.limitBody, s.deleteOwnSubmit)
	r.POST("/afmeld/:token/ja", signupLimit, s.limitBody, s.offerAccept)
	r.POST("/afmeld/:token/nej", signupLimit, s.limitBody, s.offerDecline)
	r.GET("/privatliv", s.privacyPage)
	r.GET("/api/activities", s.apiActivities)
	if cfg.PublicDir != "" {
		// http.FS refuses paths that climb out of the folder.
		files := http.StripPrefix("/public/", http.FileServer(http.FS(os.DirFS(cfg.PublicDir))))
		r.GET("/public/*file", gin.WrapH(files))
	}
	if cfg.Metrics != nil {
		r.GET("/metrics", gin.WrapH(cfg.Metrics.Handler()))
	}
	s.staff, err = staff.New(st, pl, bundle, log, staff.Config{BaseURL: cfg.BaseURL, Now: s.clock,
		CSSPath: s.static.CSSPath(), Metrics: cfg.Metrics, SMS: cfg.SMS,
		LoginLimit: s.limit(newAddressLimiter(cfg.LoginsPerMinute, s.clock)), LimitBody: s.limitBody,
		ErrorPage: s.renderError, ServerError: s.serverError, Privacy: s.facts})
	if err != nil {
		return nil, err
	}
	s.staff.Mount(r)
	s.routes = r.Routes
	r.NoRoute(s.notFound)
	r.HandleMethodNotAllowed = false

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.forbiddenCrossOrigin))
	s.handler = gzipHandler(cop.Handler(r))
	return s, nil
}

// Routes lists every route the server answers, for tests and diagnostics.
func (s *Server) Routes() gin.RoutesInfo { return s.routes() }

// SetReferralChanger replaces how staff pages change a referral's status;
// the Slack app sets it so changes made on the web reach the channel.
func (s *Server) SetReferralChanger(f staff.ReferralChanger) { s.staff.SetReferralChanger(f) }

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// SetClock replaces the clock, for tests.
func (s *Server) SetClock(now func() time.Time) { s.now = now }

// clock reads the server's current clock, so limiters made at start-up
// follow a clock a test sets later.
func (s *Server) clock() time.Time { return s.now() }
