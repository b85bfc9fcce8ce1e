package schema

import (
	"strings"
	"testing"
)

func TestConvertSchedule(t *testing.T) {
	for name, tc := range map[string]struct {
		in, want, err string
	}{
		"daily":            {in: "@daily", want: "cron(0 0 * * ? *)"},
		"hourly":           {in: "@hourly", want: "cron(0 * * * ? *)"},
		"weekly":           {in: "@weekly", want: "cron(0 0 ? * 1 *)"},
		"monthly":          {in: "@monthly", want: "cron(0 0 1 * ? *)"},
		"yearly":           {in: "@yearly", want: "cron(0 0 1 1 ? *)"},
		"annually":         {in: "@annually", want: "cron(0 0 1 1 ? *)"},
		"every minutes":    {in: "@every 90m", want: "rate(90 minutes)"},
		"every one hour":   {in: "@every 1h", want: "rate(1 hour)"},
		"every hours":      {in: "@every 120m", want: "rate(2 hours)"},
		"every day":        {in: "@every 24h", want: "rate(1 day)"},
		"every minute":     {in: "@every 1m", want: "rate(1 minute)"},
		"every seconds":    {in: "@every 90s", err: "whole number of minutes"},
		"cron midnight":    {in: "0 0 * * *", want: "cron(0 0 * * ? *)"},
		"cron weekdays":    {in: "30 2 * * 1-5", want: "cron(30 2 ? * 2-6 *)"},
		"cron sunday 0":    {in: "0 9 * * 0", want: "cron(0 9 ? * 1 *)"},
		"cron sunday 7":    {in: "0 9 * * 7", want: "cron(0 9 ? * 1 *)"},
		"cron list":        {in: "0 9 * * 0,6", want: "cron(0 9 ? * 1,7 *)"},
		"cron names":       {in: "0 9 * * MON-FRI", want: "cron(0 9 ? * MON-FRI *)"},
		"cron step":        {in: "*/15 * * * *", want: "cron(*/15 * * * ? *)"},
		"cron dom":         {in: "0 0 1 * *", want: "cron(0 0 1 * ? *)"},
		"cron both":        {in: "0 0 1 * 1", err: "cannot combine"},
		"cron four fields": {in: "0 0 * *", err: "five-field"},
		"cron bad minute":  {in: "61 0 * * *", err: "out of range"},
		"rate passthrough": {in: "rate(5 minutes)", want: "rate(5 minutes)"},
		"rate singular":    {in: "rate(1 hours)", err: "singular"},
		"rate garbage":     {in: "rate(five minutes)", err: "not a valid rate"},
		"cron passthrough": {in: "cron(0 12 * * ? *)", want: "cron(0 12 * * ? *)"},
		"aws cron no ?":    {in: "cron(0 12 * * * *)", err: `"?"`},
		"aws cron fields":  {in: "cron(0 12 * *)", err: "six fields"},
		"none":             {in: "none", want: ""},
		"unknown macro":    {in: "@fortnightly", err: "unknown schedule"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := ConvertSchedule(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ConvertSchedule(%q) error = %v, want one containing %q", tc.in, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Expression != tc.want || got.Source != tc.in {
				t.Errorf("ConvertSchedule(%q) = %+v, want expression %q", tc.in, got, tc.want)
			}
		})
	}
}
