package main

import (
	"flag"
	"fmt"
	"strings"
)

// envName is the environment variable of a flag: PMKB_ and the flag's
// name in upper case with dashes as underscores (--request-timeout is
// PMKB_REQUEST_TIMEOUT). One rule for every flag of every command, so the
// same flag has the same variable wherever it appears.
func envName(flagName string) string {
	return "PMKB_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseFlags parses args like the function parseFlags, then gives every
// flag the command line left unset the value of its environment variable,
// if set: the command line beats the environment, which beats the
// default. A repeatable flag takes a comma-separated list from the
// environment. A bad value in the environment is a usage error that names
// the variable.
func (e env) parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	rest, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if err := applyEnv(fs, e.getenv); err != nil {
		return nil, err
	}
	return rest, nil
}

// applyEnv sets each flag not set on the command line from its
// environment variable.
func applyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		v := getenv(envName(f.Name))
		if err != nil || set[f.Name] || v == "" {
			return
		}
		vals := []string{v}
		if _, repeatable := f.Value.(*stringsFlag); repeatable {
			vals = strings.Split(v, ",")
		}
		for _, one := range vals {
			if e := f.Value.Set(strings.TrimSpace(one)); e != nil {
				err = &usageError{msg: fmt.Sprintf("%s=%q is not a valid --%s: %v", envName(f.Name), v, f.Name, e)}
				return
			}
		}
	})
	return err
}
