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
            let rel = crate::load::rel_string(rel);
            let bytes = crate::load::read_bounded(entry.path())?;
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
    tera.add_raw_templates(templates.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| format!("theme template error: {e:#}"))?;
    Ok(Theme {
        tera,
        statics: statics.into_iter().collect(),
    })
}
