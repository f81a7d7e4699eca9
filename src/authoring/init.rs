//! The starter site of `minutebook init`: a commented configuration, a
//! people register, one complete example review with the clause-mapped
//! agenda, a sample evidence file it references, its lock, a `.gitignore`
//! and a README. The site passes `minutebook check` on the day it is made.

use super::agenda::agenda;
use super::{default_review_id, review_file_name, yaml_scalar};
use crate::date::Date;
use crate::fsx::hash::sha256_bytes;
use crate::model::catalog::{Catalogs, DEFAULT_FRAMEWORK};
use crate::model::evidence::{EvidenceLock, lock_key};
use std::fmt::Write;

/// What `minutebook init` is told, so a new site starts with the
/// organisation's name and frameworks instead of placeholders to edit.
#[derive(Clone, Debug)]
pub struct InitOptions {
    /// The date of the example review (the as-of date).
    pub date: Date,
    /// The organisation's name.
    pub organisation: String,
    /// Catalog ids (empty: the default framework).
    pub frameworks: Vec<String>,
}

/// A file of the starter site, made in memory first so `init` knows every
/// file it will write before it writes one.
#[derive(Clone, Debug, PartialEq)]
pub struct StarterFile {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// The lines `init` wants in a `.gitignore` (appended to an existing one when missing).
pub const GITIGNORE_LINES: &[&str] = &["/public/", "/.minutebook/", "/*-isms-evidence-*.zip"];

/// The starter site's files, in the order they are written. Fails on an
/// unknown framework id.
pub fn starter_site(options: &InitOptions) -> Result<Vec<StarterFile>, String> {
    let catalogs = crate::load::catalog::builtin();
    let frameworks: Vec<String> = if options.frameworks.is_empty() {
        vec![DEFAULT_FRAMEWORK.to_string()]
    } else {
        options.frameworks.clone()
    };
    for f in &frameworks {
        if catalogs.get(f).is_none() {
            let known: Vec<&str> = catalogs.catalogs.iter().map(|c| c.id.as_str()).collect();
            let hint = crate::suggest::did_you_mean(f, known.iter().copied());
            return Err(format!(
                "unknown framework `{f}`{hint}; built-in catalogs: {}",
                known.join(", ")
            ));
        }
    }
    let organisation = if options.organisation.trim().is_empty() {
        "Example Ltd".to_string()
    } else {
        options.organisation.trim().to_string()
    };
    let year = options.date.year();
    let evidence_rel = format!("evidence/{year}/risk-register.csv");
    let evidence = risk_register(options.date);
    let review_id = default_review_id(options.date);
    let review_path = format!(
        "content/reviews/{}",
        review_file_name(options.date, &review_id)
    );
    let mut lock = EvidenceLock::default();
    lock.entries
        .insert(lock_key(&evidence_rel), sha256_bytes(evidence.as_bytes()));

    Ok(vec![
        file(
            "minutebook.yaml",
            config_yaml(&organisation, &frameworks, &catalogs),
        ),
        file("content/people.yaml", PEOPLE.to_string()),
        file(
            &review_path,
            review_md(
                options.date,
                &review_id,
                &frameworks,
                &catalogs,
                &evidence_rel,
            ),
        ),
        file(&format!("content/{evidence_rel}"), evidence),
        file("evidence.lock", lock.to_text()),
        file(".gitignore", GITIGNORE_LINES.join("\n") + "\n"),
        file("README.md", readme(&organisation, &review_path)),
    ])
}

fn file(path: &str, text: String) -> StarterFile {
    StarterFile {
        path: path.to_string(),
        bytes: text.into_bytes(),
    }
}

fn config_yaml(organisation: &str, frameworks: &[String], catalogs: &Catalogs) -> String {
    let known: Vec<&str> = catalogs.catalogs.iter().map(|c| c.id.as_str()).collect();
    let fw: Vec<String> = frameworks.iter().map(|f| yaml_scalar(f)).collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# minutebook site configuration. Every key is optional: a commented line\n\
         # shows the key with its default. See the guide (docs/guide.md) for details.\n"
    );
    let _ = writeln!(
        s,
        "title: {}   # shown on every page (default: empty)",
        yaml_scalar(&format!("{organisation} ISMS evidence"))
    );
    let _ = writeln!(
        s,
        "organisation: {}   # names the auditor bundle (default: empty)",
        yaml_scalar(organisation)
    );
    let _ = writeln!(
        s,
        "frameworks: [{}]   # the first resolves unqualified references; built in: {}",
        fw.join(", "),
        known.join(", ")
    );
    s.push_str(
        "# cadence_months: 12          # a scheduled review is expected at least this often\n\
         # signoff_within_days: 30     # a review is signed off within this many days of its date\n\
         # retention_years: 3          # how long records are kept (shown to auditors)\n\
         quorum: {top_management: 1, people: [ciso]}   # default: {top_management: 1, people: []}\n\
         # signers: []                 # people who may sign off besides the chair and top management\n\
         # repo_url: https://git.example.com/acme/isms/blob/main/   # links to repository files outside content/ (default: none)\n\
         # allow_raw_html: false       # let raw HTML in minutes through (default: escaped)\n\
         # theme: my-theme             # a folder under themes/ that overrides the built-in theme (default: none)\n\
         \n\
         # Metrics reported in reviews (`metrics:` in the frontmatter) and objectives\n\
         # measured by them (default: none).\n\
         metrics:\n  \
           phishing-click-rate: {title: Phishing simulation click rate, unit: \"%\"}\n\
         objectives:\n  \
           - {id: OBJ-1, title: Phishing click rate under 5 %, metric: phishing-click-rate, target: \"< 5\"}\n",
    );
    s
}

const PEOPLE: &str = "\
# The people of the ISMS: the ids here are used by reviews, actions and sign-offs.
# `top_management: true` marks top management (at least one attends every review;
# they may sign off). `left: YYYY-MM-DD` keeps a leaver's history but stops new
# actions and attendance after that day.
ceo:     {name: Dana Okafor, role: Chief Executive Officer, top_management: true}
cfo:     {name: Sam Patel, role: Chief Financial Officer, top_management: true}
ciso:    {name: Lee Marsh, role: Chief Information Security Officer}
it-lead: {name: Kim Ito, role: IT Lead}
dpo:     {name: Ana Ruiz, role: Data Protection Officer}
";

fn risk_register(date: Date) -> String {
    format!(
        "id,risk,owner,likelihood,impact,level,treatment,reviewed\n\
         R-01,Phishing leads to account takeover,ciso,likely,major,high,mitigate,{date}\n\
         R-02,Contractor accounts without MFA,it-lead,possible,major,high,mitigate,{date}\n\
         R-03,Cloud provider outage,it-lead,unlikely,major,medium,accept,{date}\n\
         R-04,Legacy file server unpatched,it-lead,possible,moderate,medium,mitigate,{date}\n"
    )
}

/// References written only when they resolve in the site's frameworks.
fn refs(catalogs: &Catalogs, frameworks: &[String], wanted: &[&str]) -> String {
    let kept: Vec<String> = wanted
        .iter()
        .filter(|r| catalogs.resolve(r, frameworks).is_ok())
        .map(|r| yaml_scalar(r))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!(", refs: [{}]", kept.join(", "))
    }
}

fn review_md(
    date: Date,
    id: &str,
    frameworks: &[String],
    catalogs: &Catalogs,
    evidence_rel: &str,
) -> String {
    let sections = agenda(catalogs, frameworks);
    let year = date.year();
    let (_, month, _) = date.ymd();
    let mut s = String::from("---\n");
    let _ = writeln!(s, "id: {}", yaml_scalar(id));
    let _ = writeln!(
        s,
        "title: {}",
        yaml_scalar(&format!(
            "{} {year} ISMS management review",
            super::month_name(month)
        ))
    );
    let _ = writeln!(s, "date: {date}");
    s.push_str("kind: scheduled                # scheduled | extraordinary (which also needs `trigger:`)\n");
    s.push_str("chair: ceo\nsecretary: ciso\n");
    s.push_str("attendees: [ceo, cfo, ciso, it-lead]\n");
    s.push_str("apologies: [dpo]\n");
    s.push_str("covers:                        # each required review input -> the heading anchor that covers it\n");
    for sec in &sections {
        for c in &sec.covers {
            let _ = writeln!(s, "  {}: {}", yaml_scalar(c), yaml_scalar(&sec.anchor));
        }
    }
    s.push_str("decisions:                     # 9.3.3: decisions on improvement and changes to the ISMS\n");
    let _ = writeln!(
        s,
        "  - {{id: D-{id}-1, text: Approve the ISMS scope and the information security policy as presented{}}}",
        refs(catalogs, frameworks, &["9.3.3", "5.2"])
    );
    let _ = writeln!(
        s,
        "  - {{id: D-{id}-2, text: Accept the risk treatment plan and the residual risk of the legacy file server until its replacement{}}}",
        refs(catalogs, frameworks, &["9.3.3", "6.1.3"])
    );
    s.push_str("actions:                       # raised at this review: exactly one owner and a due date each\n");
    let _ = writeln!(
        s,
        "  - {{id: A-{year}-01, title: Enforce multi-factor authentication for contractor accounts, owner: it-lead, due: {}, kind: corrective{}}}",
        date.add_days(90),
        refs(catalogs, frameworks, &["A.5.17", "A.8.5"])
    );
    let _ = writeln!(
        s,
        "  - {{id: A-{year}-02, title: Run monthly phishing awareness sessions, owner: ciso, support: [it-lead], due: {}{}}}",
        date.add_days(180),
        refs(catalogs, frameworks, &["A.6.3"])
    );
    s.push_str("metrics:                       # measurements reported at this review (defined in minutebook.yaml)\n");
    s.push_str("  phishing-click-rate: 6.2\n");
    s.push_str(
        "evidence:                      # files under content/, hashed into evidence.lock\n",
    );
    let _ = writeln!(
        s,
        "  - {{path: {evidence_rel}, title: Risk register snapshot{}}}",
        refs(catalogs, frameworks, &["9.3.2.f", "6.1.3"])
    );
    s.push_str("---\n");
    for sec in &sections {
        let _ = writeln!(
            s,
            "## {} {{#{}}}\n\n{}\n",
            sec.title, sec.anchor, sec.sample
        );
    }
    let _ = writeln!(
        s,
        "## Attachments\n\nThe [risk register snapshot](../{evidence_rel}) was circulated with the agenda."
    );
    s
}

fn readme(organisation: &str, review_path: &str) -> String {
    format!(
        "# {organisation} ISMS evidence\n\
         \n\
         The ISMS management reviews of {organisation}, kept as Markdown minutes and\n\
         published as a linked, verifiable evidence website by minutebook.\n\
         \n\
         ## Layout\n\
         \n\
         - `minutebook.yaml`: settings (frameworks, review cadence, quorum, metrics)\n\
         - `content/people.yaml`: the people whose ids the minutes use\n\
         - `content/reviews/`: one file per management review (first: `{review_path}`)\n\
         - `content/records/`: internal audits, incidents and progress notes\n\
         - `content/evidence/`: evidence files, hashed into `evidence.lock`\n\
         - `content/signoffs.yaml`: sign-offs, written by `minutebook approve`\n\
         - `public/`: the built site (not committed)\n\
         \n\
         ## Everyday commands\n\
         \n\
         ```sh\n\
         minutebook check                      # every check; nothing written\n\
         minutebook serve                      # preview at http://127.0.0.1:1111/, reloads on save\n\
         minutebook new review                 # the next minutes, agenda and open actions filled in\n\
         minutebook actions --overdue          # the action register in the terminal\n\
         minutebook approve {review_path} --by ceo\n\
         minutebook build                      # the site into public/\n\
         minutebook bundle                     # a zip for the auditors; they run `minutebook verify`\n\
         ```\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_files_are_named_after_the_date() {
        let d = Date::parse("2026-01-20").unwrap();
        let files = starter_site(&InitOptions {
            date: d,
            organisation: String::new(),
            frameworks: Vec::new(),
        })
        .unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"content/reviews/2026-01-20-mr-2026-01.md"));
        assert!(paths.contains(&"content/evidence/2026/risk-register.csv"));
        let lock = files.iter().find(|f| f.path == "evidence.lock").unwrap();
        assert!(
            String::from_utf8_lossy(&lock.bytes)
                .ends_with("  content/evidence/2026/risk-register.csv\n")
        );
    }

    #[test]
    fn unknown_frameworks_are_refused() {
        let err = starter_site(&InitOptions {
            date: Date::parse("2026-01-20").unwrap(),
            organisation: String::new(),
            frameworks: vec!["iso27001-2023".into()],
        })
        .unwrap_err();
        assert!(err.contains("iso27001-2022"), "{err}");
    }
}
