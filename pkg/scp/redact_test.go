package scp

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// suspicious matches property names that might hold a secret and need a decision.
var suspicious = regexp.MustCompile(`(?i)pass|secret|token|key|cred|sign|url|header|auth|cert|hash|cookie|session|otp|download`)

// notSecrets are the suspicious properties of the spec that are not secrets, and why.
var notSecrets = map[string]string{
	"key":                                 "the name of an image or ISO in the account's storage",
	"keyboardLayout":                      "a keyboard layout",
	"logKey":                              "the key of a log message's text",
	"sshKeyIds":                           "ids of SSH public keys",
	"url":                                 "only in S3SignPartURL, whose GETs raw queries withhold (presigned)",
	"passwordlessMode":                    "a flag",
	"sshPasswordAuthentication":           "a flag",
	"presignedUrlValidityDurationInHours": "a duration",
	"apiIpLoginRestrictions":              "IP ranges",
	"rootPartitionFullDiskSize":           "a choice of partition size",
}

// mustRedact are the spec's properties that hold a secret.
var mustRedact = []string{"password", "rootPassword", "soapWebservicePassword", "additionalUserPassword", "oldPassword", "presignedUrl", "headers", "downloadInfos"}

// TestRedactionCoversEverySecretOfTheSpec walks every property of every schema of the spec:
// each one that holds a secret is redacted, and every other suspicious one is listed above
// with the reason it is not a secret, so a new spec version cannot add a secret unnoticed.
func TestRedactionCoversEverySecretOfTheSpec(t *testing.T) {
	doc, err := api.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var walk func(where string, s *openapi3.Schema)
	walk = func(where string, s *openapi3.Schema) {
		if s == nil || seen[where] {
			return
		}
		seen[where] = true
		for name, ref := range s.Properties {
			prop := ref.Value
			path := where + "." + name
			carriesText := prop == nil || !prop.Type.Is(openapi3.TypeBoolean) && !prop.Type.Is(openapi3.TypeInteger) && !prop.Type.Is(openapi3.TypeNumber)
			redacted := IsSecretProperty(name, carriesText)
			_, allowed := notSecrets[name]
			switch {
			case slices.Contains(mustRedact, name) && !redacted:
				t.Errorf("%s holds a secret but is not redacted", path)
			case redacted && allowed:
				t.Errorf("%s is listed as no secret but is redacted", path)
			case !redacted && !allowed && suspicious.MatchString(name):
				t.Errorf("%s may hold a secret: redact it, or list it in notSecrets with the reason it is none", path)
			}
			walk(path, prop)
		}
		if s.Items != nil {
			walk(where+"[]", s.Items.Value)
		}
		if s.AdditionalProperties.Schema != nil {
			walk(where+"{}", s.AdditionalProperties.Schema.Value)
		}
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, ref := range group {
				walk(where, ref.Value)
			}
		}
	}
	for name, ref := range doc.Components.Schemas {
		walk(name, ref.Value)
	}
	for _, name := range mustRedact {
		found := false
		for path := range seen {
			found = found || strings.HasSuffix(path, "."+name)
		}
		if !found {
			t.Errorf("%s is not in the spec any more: update mustRedact", name)
		}
	}
	t.Logf("walked %d schemas and properties", len(seen))
}
