package sms_test

import (
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/sms"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestSMSConfigDefaultsToOff(t *testing.T) {
	c, err := sms.LoadConfig(env(nil))
	if err != nil || c.Enabled() || c.Mode != sms.ModeOff {
		t.Fatalf("config %+v, %v; want off", c, err)
	}
	if _, ok := c.NewSender(nil, nil).(sms.Off); !ok {
		t.Error("off config does not make the off sender")
	}
}

func TestSMSConfigGatewayAPI(t *testing.T) {
	c, err := sms.LoadConfig(env(map[string]string{"TILMELD_SMS": "gatewayapi", "GATEWAYAPI_TOKEN": "tok",
		"TILMELD_SMS_WEBHOOK_SECRET": "0123456789abcdef", "TILMELD_PRIVACY_CONTACT": "kontakt@example.org"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.URL != sms.DefaultGatewayAPIURL || c.Sender != sms.DefaultSender || c.Contact != "kontakt@example.org" || c.Connections != sms.DefaultConnections || sms.DefaultConnections > sms.MaxConnections {
		t.Errorf("defaults: %+v", c)
	}
	g, ok := c.NewSender(nil, nil).(sms.GatewayAPI)
	if !ok || g.Token != "tok" {
		t.Errorf("sender %#v", c.NewSender(nil, nil))
	}
	c, err = sms.LoadConfig(env(map[string]string{"TILMELD_SMS": "gatewayapi", "GATEWAYAPI_TOKEN": "tok",
		"TILMELD_SMS_WEBHOOK_SECRET": "0123456789abcdef", "TILMELD_PRIVACY_CONTACT": "kontakt@example.org",
		"TILMELD_SMS_CONNECTIONS": " 40 "}))
	if err != nil || c.Connections != 40 {
		t.Errorf("TILMELD_SMS_CONNECTIONS=40 gave %d connections, %v", c.Connections, err)
	}
}

func TestSMSConfigErrorsNameTheVariable(t *testing.T) {
	base := map[string]string{"TILMELD_SMS": "gatewayapi", "GATEWAYAPI_TOKEN": "very-secret-token",
		"TILMELD_SMS_WEBHOOK_SECRET": "0123456789abcdef", "TILMELD_SMS_CONTACT": "+45 70 00 00 00"}
	tests := []struct {
		name   string
		change map[string]string
		want   string
	}{
		{"unknown mode", map[string]string{"TILMELD_SMS": "twilio"}, "TILMELD_SMS must be gatewayapi, log or off"},
		{"no token", map[string]string{"GATEWAYAPI_TOKEN": ""}, "GATEWAYAPI_TOKEN is not set"},
		{"long sender", map[string]string{"TILMELD_SMS_SENDER": "Beboerprojekt"}, "TILMELD_SMS_SENDER must be at most 11"},
		{"sender with ø", map[string]string{"TILMELD_SMS_SENDER": "Nørrebro"}, "TILMELD_SMS_SENDER may hold only"},
		{"no contact", map[string]string{"TILMELD_SMS_CONTACT": ""}, "TILMELD_SMS_CONTACT"},
		{"no webhook secret", map[string]string{"TILMELD_SMS_WEBHOOK_SECRET": ""}, "TILMELD_SMS_WEBHOOK_SECRET is not set"},
		{"short webhook secret", map[string]string{"TILMELD_SMS_WEBHOOK_SECRET": "short"}, "at least 16"},
		{"bad url", map[string]string{"GATEWAYAPI_URL": "gatewayapi.com"}, "GATEWAYAPI_URL must be an http"},
		{"too many connections", map[string]string{"TILMELD_SMS_CONNECTIONS": "41"}, "TILMELD_SMS_CONNECTIONS must be a whole number from 1 to 40"},
		{"no connections", map[string]string{"TILMELD_SMS_CONNECTIONS": "0"}, "TILMELD_SMS_CONNECTIONS must be"},
		{"log needs a contact too", map[string]string{"TILMELD_SMS": "log", "TILMELD_SMS_CONTACT": ""}, "TILMELD_SMS_CONTACT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kv := map[string]string{}
			for k, v := range base {
				kv[k] = v
			}
			for k, v := range tt.change {
				kv[k] = v
			}
			_, err := sms.LoadConfig(env(kv))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to say %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "very-secret-token") || strings.Contains(err.Error(), "0123456789abcdef") {
				t.Errorf("error prints a secret: %v", err)
			}
		})
	}
}

func TestSMSConfigLogNeedsNoToken(t *testing.T) {
	c, err := sms.LoadConfig(env(map[string]string{"TILMELD_SMS": "LOG", "TILMELD_SMS_CONTACT": "kontakt@example.org"}))
	if err != nil || !c.Enabled() {
		t.Fatalf("%+v, %v", c, err)
	}
}
