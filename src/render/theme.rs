//! The theme: Tera templates and static assets, built in and overridable by a
//! site's `themes/<name>/` (a file there replaces the built-in one of the same
//! name). Templates are compiled once per build.

use std::path::Path;

use serde::Deserialize;
use tera::{Kwargs, State, TeraResult, Value};

use super::html;
use super::views::{LinkView, PersonRef, RefView};

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
    register_writers(&mut tera);
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
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State<'_>) -> tera::Value {
    if value.as_str().is_some() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// Offers the small pieces of markup minutebook writes itself
/// ([`super::html`]: dates, links, people, state and sign-off pills,
/// severity, reference chips, digests) to templates as functions, so a page
/// header and a table cell come from the same writer and the markup has one
/// source. Each takes the arguments the writer takes (`mb_date(d=…)`,
/// `mb_person(p=…, role=true)`, …); the ones that link read `layout.root`.
fn register_writers(tera: &mut tera::Tera) {
    tera.register_function("mb_date", |k: Kwargs, _: &State<'_>| {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct A {
            d: Option<String>,
            empty: Option<String>,
        }
        let a: A = k.deserialize()?;
        written(|o| {
            html::date(
                o,
                a.d.as_deref().unwrap_or_default(),
                a.empty.as_deref().unwrap_or("—"),
            );
        })
    });
    tera.register_function("mb_link", |k: Kwargs, s: &State<'_>| {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct A {
            l: Option<LinkView>,
        }
        let a: A = k.deserialize()?;
        let root = root(s)?;
        written(|o| {
            if let Some(l) = &a.l {
                html::link(o, &root, l);
            }
        })
    });
    tera.register_function("mb_person", |k: Kwargs, s: &State<'_>| {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct A {
            p: Option<PersonRef>,
            #[serde(default)]
            role: bool,
        }
        let a: A = k.deserialize()?;
        let root = root(s)?;
        written(|o| {
            if let Some(p) = &a.p {
                html::person(o, &root, p, a.role);
            }
        })
    });
    tera.register_function("mb_state", |k: Kwargs, _: &State<'_>| {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct A {
            state: String,
            label: String,
        }
        let a: A = k.deserialize()?;
        written(|o| html::state(o, &a.state, &a.label))
    });
    tera.register_function("mb_severity", |k: Kwargs, _: &State<'_>| {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct A {
            severity: String,
        }
        let a: A = k.deserialize()?;
        let severity = if a.severity == "error" {
            crate::diag::Severity::Error
        } else {
            crate::diag::Severity::Warning
        };
        written(|o| html::severity(o, severity))
    });
    tera.register_function("mb_signoff", |k: Kwargs, _: &State<'_>| {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct A {
            state: Option<String>,
            label: Option<String>,
        }
        let a: A = k.deserialize()?;
        written(|o| {
            html::signoff(
                o,
                a.state.as_deref().unwrap_or_default(),
                a.label.as_deref().unwrap_or_default(),
            );
        })
    });
    tera.register_function("mb_refs", |k: Kwargs, s: &State<'_>| {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct A {
            refs: Option<Vec<RefView>>,
        }
        let a: A = k.deserialize()?;
        let root = root(s)?;
        written(|o| html::refs(o, &root, a.refs.as_deref().unwrap_or_default(), true))
    });
    tera.register_function("mb_hash", |k: Kwargs, _: &State<'_>| {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct A {
            h: Option<String>,
        }
        let a: A = k.deserialize()?;
        written(|o| html::hash(o, a.h.as_deref().unwrap_or_default()))
    });
}

/// What `f` writes, as a value the templates print without escaping again
/// (the writers escape every text they are given).
fn written(f: impl FnOnce(&mut String)) -> TeraResult<Value> {
    let mut out = String::new();
    f(&mut out);
    Ok(Value::safe_string(&out))
}

/// The page's `layout.root` (`""` when a template renders without a layout).
fn root(state: &State<'_>) -> TeraResult<String> {
    #[derive(Deserialize)]
    struct L {
        #[serde(default)]
        root: String,
    }
    match state.get::<Value>("layout")? {
        Some(layout) => Ok(L::deserialize(&layout).map_err(tera::Error::message)?.root),
        None => Ok(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template functions write what the writers write, with the page's
    /// root for links, and a missing or null value as the writers' "none".
    #[test]
    fn template_functions_call_the_writers() {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        register_writers(&mut tera);
        let calls = [
            ("{{ mb_date(d=\"2026-01-02\") }}", "<time>2026-01-02</time>"),
            (
                "{{ mb_date(d=none) }}|{{ mb_date(d=\"\", empty=\"never\") }}",
                "<span class=\"muted\">—</span>|<span class=\"muted\">never</span>",
            ),
            (
                "{{ mb_link(l={\"href\": \"a/index.html\", \"text\": \"A & B\"}) }}",
                "<a href=\"../a/index.html\">A &amp; B</a>",
            ),
            (
                "{{ mb_person(p={\"id\": \"x\", \"name\": \"X\", \"role\": \"R\", \"href\": \"\"}, role=true) }}",
                "<span class=\"person unknown-person\">X</span> <span class=\"role\">R</span>",
            ),
            ("{{ mb_person(p=none) }}", ""),
            (
                "{{ mb_state(state=\"good\", label=\"<ok>\") }}",
                "<span class=\"state state--good\"><span class=\"state__icon\" aria-hidden=\"true\">✓</span> &lt;ok&gt;</span>",
            ),
            (
                "{{ mb_severity(severity=\"error\") }}",
                "<span class=\"pill pill--error\"><span class=\"pill__icon\" aria-hidden=\"true\">✗</span> Error</span>",
            ),
            (
                "{{ mb_signoff(state=none, label=none) }}",
                "<span class=\"muted\">—</span>",
            ),
            (
                "{{ mb_refs(refs=[{\"id\": \"9.3\", \"title\": \"\", \"href\": \"c/index.html\"}]) }}",
                "<ul class=\"refs\"><li><a class=\"ref\" href=\"../c/index.html\">9.3</a></li></ul>",
            ),
            (
                "{{ mb_hash(h=\"ab\") }}|{{ mb_hash(h=\"\") }}",
                "<code class=\"hash\">ab</code>|<span class=\"muted\">not hashed</span>",
            ),
        ];
        for (k, (template, _)) in calls.iter().enumerate() {
            tera.add_raw_template(&format!("t{k}.html"), template)
                .expect("template compiles");
        }
        let mut ctx = tera::Context::new();
        ctx.insert("layout", &serde_json::json!({ "root": "../" }));
        for (k, (template, want)) in calls.iter().enumerate() {
            let got = tera.render(&format!("t{k}.html"), &ctx).expect("renders");
            assert_eq!(got, *want, "{template}");
        }
        tera.add_raw_template("typo.html", "{{ mb_date(day=\"2026-01-02\") }}")
            .expect("compiles");
        assert!(
            tera.render("typo.html", &ctx).is_err(),
            "a misspelt argument is an error, not an empty cell"
        );
    }

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
