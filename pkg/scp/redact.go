package scp

import "strings"

// secretWords mark a property whose value is a credential: a password, a token, an API key, a
// private key, a presigned URL or the headers and download details that go with one.
var secretWords = []string{
	"password", "passwd", "secret", "token", "apikey", "api_key", "credential",
	"privatekey", "private_key", "presigned", "signature", "downloadinfos", "headers",
}

// IsSecretProperty is the one redaction rule for SCP's answers: a property is withheld when
// its name, in any case, contains a secret word and its value can carry one (text, or an
// object or list that may hold text). Flags such as passwordlessMode and numbers such as
// presignedUrlValidityDurationInHours stay. TestRedactionCoversEverySecretOfTheSpec walks
// every schema of the spec against it.
func IsSecretProperty(name string, carriesText bool) bool {
	if !carriesText {
		return false
	}
	name = strings.ToLower(name)
	for _, word := range secretWords {
		if strings.Contains(name, word) {
			return true
		}
	}
	return false
}
