// Package metrics holds the service's Prometheus metrics: counts of what
// residents and partners did, and how long requests took. Labels are
// routes and statuses, never anything about a person.
package metrics

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the service's metrics, registered on their own registry so
// tests can make as many as they like.
type Metrics struct {
	registry     *prometheus.Registry
	Signups      *prometheus.CounterVec // by status given: confirmed, waitlisted
	Promotions   prometheus.Counter
	SummaryPosts *prometheus.CounterVec // by kind: staff, partner
	HTTP         *prometheus.HistogramVec
}

// New makes the metrics, with Go runtime and process metrics beside them.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		Signups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tilmeld_signups_total", Help: "Sign-ups stored, by the status they were given.",
		}, []string{"status"}),
		Promotions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tilmeld_waitlist_promotions_total", Help: "Waiting-list sign-ups that got a freed place.",
		}),
		SummaryPosts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tilmeld_summary_posts_total", Help: "Weekly summaries queued for Slack, by audience.",
		}, []string{"kind"}),
		HTTP: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tilmeld_http_request_duration_seconds", Help: "HTTP requests by route, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method", "code"}),
	}
	m.registry.MustRegister(m.Signups, m.Promotions, m.SummaryPosts, m.HTTP,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Backlog reports queued work when Prometheus scrapes.
type Backlog func(ctx context.Context) (int, time.Duration, error)

// WatchSlackQueue adds the Slack queue's depth and the age of its oldest
// message, read from the database at each scrape.
func (m *Metrics) WatchSlackQueue(backlog Backlog) {
	m.registry.MustRegister(&queueCollector{backlog: backlog,
		depth: prometheus.NewDesc("tilmeld_slack_queue_depth", "Slack messages waiting to be sent.", nil, nil),
		age:   prometheus.NewDesc("tilmeld_slack_queue_oldest_seconds", "Age of the oldest waiting Slack message.", nil, nil),
	})
}

type queueCollector struct {
	backlog    Backlog
	depth, age *prometheus.Desc
}

func (q *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- q.depth; ch <- q.age }

func (q *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := q.backlog(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(q.depth, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(q.depth, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(q.age, prometheus.GaugeValue, oldest.Seconds())
}

// Handler serves the metrics in Prometheus's text format. When a figure
// cannot be read (the Slack queue while the database is down) the others
// are served without it: the request counts matter most during an outage,
// and the database's error text is no business of the scraper.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry, ErrorHandling: promhttp.ContinueOnError})
}
