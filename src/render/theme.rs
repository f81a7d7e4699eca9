//! The theme: Tera templates and static assets, built in and overridable by a
//! site's `themes/<name>/` (a file there replaces the built-in one of the same
//! name). Templates are compiled once per build.

use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// Compiled templates and the static files to copy under `static/`.
pub struct Theme {
    /// The template engine with every template added.
    pub tera: tera::Tera,
    /// Static assets: (path under `static/`, bytes), sorted.
    pub statics: Vec<(String, Vec<u8>)>,
}

/// Loads the built-in theme, then the site's override folder when configured.
pub fn load(root: &Path, name: Option<&str>) -> Result<Theme, String> {
    let mut templates: std::collections::BTreeMap<String, String> =
        std::collections::BTreeMap::new();
    let mut statics: std::collections::BTreeMap<String, Vec<u8>> =
        std::collections::BTreeMap::new();
    for (path, bytes) in THEME_FILES {
        if let Some(t) = path.strip_prefix("templates/") {
            templates.insert(t.to_string(), String::from_utf8_lossy(bytes).into_owned());
        } else if let Some(s) = path.strip_prefix("static/") {
            statics.insert(s.to_string(), bytes.to_vec());
        }
    }
    if let Some(name) = name {
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            return Err(format!(
                "theme `{name}` not found: themes/{name}/ is not a folder"
            ));
        }
        let canonical_root = std::fs::canonicalize(root).map_err(|e| e.to_string())?;
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|e| format!("cannot read theme {name}: {e}"))?;
            if entry.file_type().is_symlink() {
                let target = std::fs::canonicalize(entry.path()).map_err(|e| e.to_string())?;
                if !target.starts_with(&canonical_root) {
                    return Err(format!(
                        "theme file {} links outside the site; refused",
                        entry.path().display()
                    ));
                }
            }
            if !entry.path().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let rel = crate::fsx::walk::rel_string(rel);
            let bytes = crate::fsx::read::read_bounded(entry.path())?;
            if let Some(t) = rel.strip_prefix("templates/") {
                let text =
                    String::from_utf8(bytes).map_err(|_| format!("template {rel} is not UTF-8"))?;
                templates.insert(t.to_string(), text);
            } else if let Some(s) = rel.strip_prefix("static/") {
                statics.insert(s.to_string(), bytes);
            }
        }
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("safe", safe);
    tera.add_raw_templates(templates.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| format!("theme template error: {e:#}"))?;
    Ok(Theme {
        tera,
        statics: statics.into_iter().collect(),
    })
}

/// Tera's `safe` filter without the copy: the built-in makes a new string of
/// what it marks, and the tables minutebook writes run to megabytes (a
/// clause page of 10,000 reviews is 14 MB), each copied into fresh memory.
/// A text value is marked safe where it is; anything else is written out
/// as the built-in does.
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.as_str().is_some() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_marks_text_without_changing_what_is_written() {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.register_filter("safe", safe);
        tera.add_raw_template(
            "t.html",
            "{{ html | safe }}|{{ html }}|{{ n | safe }}|{{ f | safe }}|{{ b | safe }}|{{ short | safe }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        let big = "<td>a &amp; b</td>".repeat(100);
        ctx.insert("html", &big);
        ctx.insert("n", &42);
        ctx.insert("f", &2.5);
        ctx.insert("b", &true);
        ctx.insert("short", "<i>x</i>");
        let out = tera.render("t.html", &ctx).unwrap();
        let escaped = big
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert_eq!(
            out,
            format!("{big}|{escaped}|42|2.5|true|<i>x</i>"),
            "marked text is written as is, unmarked text is still escaped"
        );
    }
}
