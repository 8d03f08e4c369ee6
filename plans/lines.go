package plans

import (
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// lineIndex maps a value's path in the plan file, e.g.
// "department[3].streets[1].from", to the line it is written on, so a
// problem found after decoding can still name its line.
type lineIndex map[string]int

// line returns the line of path, or of the nearest enclosing value that
// has one; 0 when nothing matches.
func (ix lineIndex) line(path string) int {
	for path != "" {
		if n, ok := ix[path]; ok {
			return n
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// indexLines walks the file's syntax tree. It is only called on a file
// that decoded, so it never meets a syntax error.
func indexLines(data []byte) lineIndex {
	ix := lineIndex{}
	var p unstable.Parser
	p.Reset(data)
	lineOf := func(n *unstable.Node) int { return p.Shape(n.Raw).Start.Line }
	count := map[string]int{} // array-of-tables path → elements so far
	prefix := ""
	// resolve turns header keys into a path, stepping into the latest
	// element of every array of tables on the way.
	resolve := func(keys []string) string {
		path := ""
		for i, k := range keys {
			if i > 0 {
				path += "."
			}
			path += k
			if n, ok := count[path]; ok {
				path += "[" + strconv.Itoa(n-1) + "]"
			}
		}
		return path
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys, first := keyParts(e.Key())
			if e.Kind == unstable.ArrayTable {
				base := resolve(keys[:len(keys)-1])
				if base != "" {
					base += "."
				}
				base += keys[len(keys)-1]
				count[base]++
				prefix = base + "[" + strconv.Itoa(count[base]-1) + "]"
			} else {
				prefix = resolve(keys)
			}
			ix[prefix] = lineOf(first)
		case unstable.KeyValue:
			indexKeyValue(ix, prefix, e, lineOf)
		}
	}
	return ix
}

// indexKeyValue records a key and, inside arrays and inline tables, each
// element and key under it.
func indexKeyValue(ix lineIndex, prefix string, kv *unstable.Node, lineOf func(*unstable.Node) int) {
	keys, first := keyParts(kv.Key())
	path := strings.Join(keys, ".")
	if prefix != "" {
		path = prefix + "." + path
	}
	ix[path] = lineOf(first)
	indexValue(ix, path, kv.Value(), ix[path], lineOf)
}

func indexValue(ix lineIndex, path string, v *unstable.Node, line int, lineOf func(*unstable.Node) int) {
	switch v.Kind {
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); i++ {
			el := it.Node()
			p := path + "[" + strconv.Itoa(i) + "]"
			l := line
			if el.Kind == unstable.InlineTable || el.Kind == unstable.String {
				l = lineOf(el)
			}
			ix[p] = l
			indexValue(ix, p, el, l, lineOf)
		}
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			indexKeyValue(ix, path, it.Node(), lineOf)
		}
	}
}

// keyParts returns a dotted key's parts and its first key node.
func keyParts(it unstable.Iterator) ([]string, *unstable.Node) {
	var parts []string
	var first *unstable.Node
	for it.Next() {
		n := it.Node()
		if first == nil {
			first = n
		}
		parts = append(parts, string(n.Data))
	}
	return parts, first
}
