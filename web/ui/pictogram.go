package ui

import "html/template"

// Pictogram is the activity's pictogram as inline SVG, to stand beside its
// title for residents who read little. It is decorative (aria-hidden: the
// title says it all to a screen reader) and inline, so it costs no request;
// its strokes take their colour and width from app.css. An unknown or empty
// key shows nothing.
func (p *Page) Pictogram(key string) template.HTML {
	body := pictogramBody(key)
	if body == "" {
		return ""
	}
	return template.HTML(`<svg class="picto" viewBox="0 0 24 24" aria-hidden="true" focusable="false">` + body + `</svg>`)
}

// pictogramBody is the SVG inside a pictogram: simple outlines on a 24×24
// grid, readable at 40 px. The keys are the catalogue's "pictogram" values.
func pictogramBody(key string) string {
	switch key {
	case "mother-child": // a woman and a small child
		return `<circle cx="9" cy="5" r="2.5"/><path d="M4 21v-5a5 5 0 0 1 10 0v5"/><circle cx="17.5" cy="11" r="2"/><path d="M14.5 21v-3a3 3 0 0 1 6 0v3"/>`
	case "parents": // two adults
		return `<circle cx="8" cy="6" r="2.5"/><path d="M3 21v-4a5 5 0 0 1 10 0v4"/><circle cx="16" cy="6" r="2.5"/><path d="M11 21v-4a5 5 0 0 1 10 0v4"/>`
	case "family": // two adults and a child
		return `<circle cx="6" cy="5" r="2"/><path d="M2 20v-4a4 4 0 0 1 8 0v4"/><circle cx="18" cy="5" r="2"/><path d="M14 20v-4a4 4 0 0 1 8 0v4"/><circle cx="12" cy="11" r="1.6"/><path d="M9.5 20v-2.5a2.5 2.5 0 0 1 5 0V20"/>`
	case "book": // an open book
		return `<path d="M12 6C10 4.5 7 4 4 4.5V19c3-.5 6 0 8 1.5 2-1.5 5-2 8-1.5V4.5C17 4 14 4.5 12 6zm0 0v14.5"/>`
	case "calculator":
		return `<rect x="5" y="2" width="14" height="20" rx="2"/><path d="M8 5h8v4H8zm0 8h.01M12 13h.01M16 13h.01M8 17h.01M12 17h.01M16 17h.01"/>`
	case "ballot": // a ballot paper with a tick going into a box
		return `<path d="M3 12h18v9H3zm4 0V4h10v8m-7-4 1.5 1.5L14 7"/>`
	case "whistle":
		return `<circle cx="8" cy="15" r="5"/><path d="M8 10h13v4h-8.5M8 15h.01"/>`
	case "briefcase":
		return `<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2M3 13h18"/>`
	case "coffee": // a steaming cup
		return `<path d="M4 9h12v6a5 5 0 0 1-5 5H9a5 5 0 0 1-5-5zm12 2h2a2 2 0 0 1 0 4h-2M8 2v3m4-3v3"/>`
	case "coins": // a stack of coins
		return `<path d="M4 7c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zm0 0v5c0 1.7 3.6 3 8 3s8-1.3 8-3V7m-16 5v5c0 1.7 3.6 3 8 3s8-1.3 8-3v-5"/>`
	case "chat": // two speech bubbles
		return `<path d="M3 4h12v8H8l-3 3v-3H3zm12 4h6v8h-2v3l-3-3h-4v-4"/>`
	case "shield": // a shield with a tick
		return `<path d="M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6zm-3 9 2 2 4-4"/>`
	}
	return ""
}
