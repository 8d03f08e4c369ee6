package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// KindState is how many SMS of one kind are in one state.
type KindState struct {
	Kind, State string
	N           int
}

// SMSCounts reads the SMS counts; never numbers or text.
type SMSCounts func(ctx context.Context) ([]KindState, error)

// WatchSMS adds tilmeld_sms_messages{kind,state}: the SMS in the queue
// by kind (confirmation, reminder, …) and state (pending, sent, failed,
// cancelled), read when scraped.
func (m *Metrics) WatchSMS(counts SMSCounts) {
	m.registry.MustRegister(&smsCollector{counts: counts,
		desc: prometheus.NewDesc("tilmeld_sms_messages", "SMS messages by kind and state.", []string{"kind", "state"}, nil)})
}

type smsCollector struct {
	counts SMSCounts
	desc   *prometheus.Desc
}

func (c *smsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *smsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rows, err := c.counts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for _, r := range rows {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(r.N), r.Kind, r.State)
	}
}
