// Package locales embeds the message catalog shared by the Go backend and the frontend.
package locales

import "embed"

// FS holds one go-i18n JSON file per language, named by its BCP 47 tag.
//
//go:embed *.json
var FS embed.FS
