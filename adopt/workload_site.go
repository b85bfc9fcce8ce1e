package adopt

import "strconv"

// staticSite maps a Static Site's manifest: its files (source,
// destination, recursive, exclude, reinclude) and http { alias,
// certificate }.
func (t *translator) staticSite(b *block, f *fields) {
	files, _ := f.get("files").([]any)
	for i, e := range files {
		m, _ := e.(map[string]any)
		ff := newFields(f.join("files")+"["+strconv.Itoa(i)+"]", m)
		fb := b.child("files")
		fb.nth = i
		fb.attr("source", nonEmpty(ff.str("source")))
		fb.attr("destination", nonEmpty(ff.str("destination")))
		if r, ok := ff.get("recursive").(bool); ok && r {
			fb.attr("recursive", true)
		}
		for _, k := range []string{"exclude", "reinclude"} {
			if l := strList(ff.get(k)); len(l) > 0 {
				fb.attr(k, l)
			}
		}
		t.rest(fb, ff)
	}
	if h := f.sub("http"); h != nil {
		hb := b.child("http")
		hb.attr("alias", nonEmpty(h.str("alias")))
		hb.attr("certificate", nonEmpty(h.str("certificate")))
		t.rest(hb, h)
	}
	t.rest(b, f)
}
