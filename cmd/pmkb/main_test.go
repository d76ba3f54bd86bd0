package main

import (
	"flag"
	"io"
	"reflect"
	"testing"
)

func TestParseFlags(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		want    []string
		json    bool
		size    int
		wantErr bool
	}{
		{"flags first", []string{"--json", "--size", "5", "dns", "outage"}, []string{"dns", "outage"}, true, 5, false},
		{"flags after text", []string{"dns", "--json", "--size=3"}, []string{"dns"}, true, 3, false},
		{"negation stays in the text", []string{"dns", "-bgp"}, []string{"dns", "-bgp"}, false, 10, false},
		{"rm -rf stays in the text", []string{"rm", "-rf", "database"}, []string{"rm", "-rf", "database"}, false, 10, false},
		{"double dash", []string{"--json", "--", "--size"}, []string{"--size"}, true, 10, false},
		{"unknown flag before text", []string{"--bogus", "dns"}, nil, false, 10, true},
		{"bad value", []string{"--size", "many"}, nil, false, 10, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			asJSON := fs.Bool("json", false, "")
			size := fs.Int("size", 10, "")
			got, err := parseFlags(fs, tc.args)
			if (err != nil) != tc.wantErr {
				t.Fatalf("parseFlags(%q): err %v, want error %v", tc.args, err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if !reflect.DeepEqual(got, tc.want) || *asJSON != tc.json || *size != tc.size {
				t.Errorf("parseFlags(%q) = %q json=%v size=%d; want %q json=%v size=%d",
					tc.args, got, *asJSON, *size, tc.want, tc.json, tc.size)
			}
		})
	}
}
