package staff

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/metrics"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Config is what the workspace needs from the service it is mounted in.
type Config struct {
	BaseURL string // public address, for the password links staff are sent
	Now     func() time.Time
	CSSPath string // the public stylesheet, which staff pages build on
	Metrics *metrics.Metrics
	// SMS is on: the assisted form asks whether she wants text messages.
	SMS bool
	// LoginLimit bounds login attempts per address; LimitBody bounds a
	// form's size. Both are the service's, shared with the public pages.
	LoginLimit gin.HandlerFunc
	LimitBody  gin.HandlerFunc
	// ErrorPage and ServerError show the service's own error pages, so a
	// failure looks and is logged the same wherever it happens.
	ErrorPage   func(c *gin.Context, status int, titleID, bodyID string)
	ServerError func(c *gin.Context, err error)
	// Privacy is what the privacy notice states; staff read its facts
	// aloud with the consent text.
	Privacy domain.PrivacyFacts
}

// Server is the staff workspace under /staff/.
type Server struct {
	store  *store.Store
	plan   *domain.Plan
	bundle *i18n.Bundle
	log    *slog.Logger
	cfg    Config
	now    func() time.Time
	tz     *time.Location // the plan's
	pages  map[string]*template.Template
	assets *staffAssets
	hashes *passwordWork // bounds the password hashes running at once
	// changeReferral moves a referral on; the Slack app replaces it so
	// the channel card and the referrer hear of changes made on the web.
	changeReferral ReferralChanger
}

// New builds the workspace for plan pl; Mount puts it on a router.
func New(st *store.Store, pl *domain.Plan, bundle *i18n.Bundle, log *slog.Logger, cfg Config) (*Server, error) {
	assets, err := loadStaffAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{store: st, bundle: bundle, log: log, cfg: cfg, now: cfg.Now, plan: pl, tz: pl.Location,
		assets: assets, hashes: newPasswordWork()}
	if err := s.parseStaffPages(); err != nil {
		return nil, err
	}
	s.changeReferral = func(ctx context.Context, id int64, u store.StatusUpdate) (domain.Referral, error) {
		return st.ChangeReferralStatus(ctx, id, u, nil)
	}
	return s, nil
}

// render writes one of the workspace's pages.
func (s *Server) render(c *gin.Context, status int, name string, p *page) {
	var buf strings.Builder
	t, ok := s.pages[name]
	if !ok {
		ui.WritePage(c, s.log, status, name, nil, errors.New("staff: no page "+name))
		return
	}
	err := t.Execute(&buf, p)
	ui.WritePage(c, s.log, status, name, []byte(buf.String()), err)
}

func (s *Server) serverError(c *gin.Context, err error) { s.cfg.ServerError(c, err) }

func (s *Server) notFound(c *gin.Context) {
	s.cfg.ErrorPage(c, http.StatusNotFound, "error.notfound.title", "error.notfound.body")
}

// badForm answers a form that could not be read: too big, or not a form.
func (s *Server) badForm(c *gin.Context, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.cfg.ErrorPage(c, http.StatusRequestEntityTooLarge, "error.toolarge.title", "error.toolarge.body")
		return
	}
	s.cfg.ErrorPage(c, http.StatusBadRequest, "error.badrequest.title", "error.badrequest.body")
}

func (s *Server) limitBody(c *gin.Context) { s.cfg.LimitBody(c) }

func (s *Server) secureCookies() bool { return strings.HasPrefix(s.cfg.BaseURL, "https://") }

// countSignup records waiting-list promotions a status change made.
func (s *Server) countSignup(status string, promoted int) {
	m := s.cfg.Metrics
	if m == nil {
		return
	}
	if status != "" {
		m.Signups.WithLabelValues(status).Inc()
	}
	m.Promotions.Add(float64(promoted))
}
