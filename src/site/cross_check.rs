//! The digests a site records about itself, checked against its files.
//!
//! `SHA256SUMS` alone proves only that the files match the list shipped
//! with them: whoever edits an evidence file and its line in `SHA256SUMS`
//! gets a bundle that passes, while the pages and `data/site.json` still
//! show the digest that was approved. So `verify` also reads
//! `data/site.json` and checks that
//!
//! - every evidence file it records with a digest (`content/evidence/x`)
//!   is in the site as `files/evidence/x` with those very bytes;
//! - every review and record it lists (`source: content/reviews/x.md`,
//!   `sha256`: the digest sign-offs are compared with) is in the site's
//!   sources as `sources/content/reviews/x.md` with those very bytes.
//!
//! `site.json` is read as a stream (each record checked as it is read and
//! then dropped, everything else skipped), at most [`MAX_SITE_JSON_BYTES`],
//! and at most [`MAX_REPORTED`] disagreements are kept, so a hostile file
//! cannot make the verifier hold more than one record at a time.
//!
//! What this does not cover: the HTML pages show the same digests but are
//! only covered by `SHA256SUMS`; someone who rewrites `site.json` and the
//! sums as well gets past this check. The SHA-256 of the zip, compared with
//! the one received over a separate channel, is what catches that.

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::io::{self, Read};

/// Where the site's data export is, relative to the site root.
pub(crate) const SITE_JSON: &str = "data/site.json";

/// A `site.json` larger than this is not read (a site of 10,000 reviews
/// writes 42 MB).
pub(crate) const MAX_SITE_JSON_BYTES: u64 = 256 * 1024 * 1024;

/// At most this many disagreements are listed; one more line says how many
/// were left out.
pub(crate) const MAX_REPORTED: usize = 1000;

/// What the site holds at a relative path, as verification found it.
pub(crate) enum Held {
    /// Listed, present and hashed: the SHA-256 of its actual bytes.
    Hashed(String),
    /// Present but not hashed (not listed in `SHA256SUMS`: already EXTRA).
    NotHashed,
    /// Not in the site at all.
    Absent,
}

/// The line reported when a site has no `data/site.json`: a minutebook
/// site always has one, and without it the digests cannot be cross-checked
/// (removing it must not be a way to skip the check).
pub(crate) fn missing_site_json() -> String {
    format!(
        "{SITE_JSON} is not there: the digests the site records cannot be cross-checked \
         (every minutebook site has one)"
    )
}

/// Reads `site.json` from `reader` and adds to `out` every evidence file and
/// document whose recorded digest the site's files do not bear out (see the
/// module docs); `held` says what the site holds at a relative path. A
/// `site.json` that cannot be read as one is itself a disagreement.
pub(crate) fn site_json(reader: impl Read, held: &dyn Fn(&str) -> Held, out: &mut Vec<String>) {
    let mut checker = Checker {
        held,
        out,
        left_out: 0,
        saw_evidence: false,
        saw_documents: false,
    };
    let mut counted = Counted {
        inner: reader.take(MAX_SITE_JSON_BYTES + 1),
        read: 0,
    };
    let result = {
        let mut de = serde_json::Deserializer::from_reader(&mut counted);
        TopLevel(&mut checker)
            .deserialize(&mut de)
            .and_then(|()| de.end())
    };
    if counted.read > MAX_SITE_JSON_BYTES {
        checker.push(format!(
            "{SITE_JSON} is larger than {MAX_SITE_JSON_BYTES} bytes; it was not read to the end"
        ));
    } else if let Err(e) = result {
        checker.push(format!("{SITE_JSON} cannot be read as a site export: {e}"));
    } else {
        if !checker.saw_evidence {
            checker.push(format!("{SITE_JSON} has no `evidence` list"));
        }
        if !checker.saw_documents {
            checker.push(format!("{SITE_JSON} has no `documents` list"));
        }
    }
    if checker.left_out > 0 {
        let n = checker.left_out;
        checker.out.push(format!(
            "{SITE_JSON}: {n} more disagreement{} not listed",
            if n == 1 { "" } else { "s" }
        ));
    }
}

/// Counts the bytes read, to tell "too large" from "malformed".
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read = self.read.saturating_add(n as u64);
        Ok(n)
    }
}

struct Checker<'a> {
    held: &'a dyn Fn(&str) -> Held,
    out: &'a mut Vec<String>,
    left_out: usize,
    saw_evidence: bool,
    saw_documents: bool,
}

impl Checker<'_> {
    fn push(&mut self, line: String) {
        if self.out.len() < MAX_REPORTED {
            self.out.push(line);
        } else {
            self.left_out += 1;
        }
    }

    /// Compares one recorded digest with the file the site holds at `file`.
    fn compare(&mut self, what: &str, recorded_at: &str, recorded: &str, file: &str) {
        let recorded = recorded.to_ascii_lowercase();
        match (self.held)(file) {
            Held::Hashed(actual) if actual == recorded => {}
            Held::Hashed(actual) => self.push(format!(
                "{SITE_JSON} records {what} `{}` as {} but {} hashes to {actual}",
                shorten(recorded_at),
                shorten(&recorded),
                shorten(file)
            )),
            Held::NotHashed => {}
            Held::Absent => self.push(format!(
                "{SITE_JSON} records {what} `{}` as {} but the site has no {}",
                shorten(recorded_at),
                shorten(&recorded),
                shorten(file)
            )),
        }
    }

    fn evidence(&mut self, e: EvidenceRecord) {
        let Some(sha256) = e.sha256 else {
            // Recorded without a digest (it could not be hashed): nothing to compare.
            return;
        };
        match e.path.strip_prefix("content/") {
            Some(rel) if !rel.is_empty() => {
                self.compare("evidence", &e.path, &sha256, &format!("files/{rel}"));
            }
            _ => self.push(format!(
                "{SITE_JSON} records evidence `{}`, which is not under content/",
                shorten(&e.path)
            )),
        }
    }

    fn document(&mut self, d: DocumentRecord) {
        self.compare(
            "document",
            &d.source,
            &d.sha256,
            &format!("sources/{}", d.source),
        );
    }
}

/// A bounded, printable excerpt of untrusted text (the report escapes
/// control characters; this keeps a line short).
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(300).collect();
    if text.chars().nth(300).is_some() {
        out.push('…');
    }
    out
}

/// One element of `evidence`: only what is compared is kept.
#[derive(Deserialize)]
struct EvidenceRecord {
    path: String,
    sha256: Option<String>,
}

/// One element of `documents`: only what is compared is kept.
#[derive(Deserialize)]
struct DocumentRecord {
    source: String,
    sha256: String,
}

/// The top-level object: `evidence` and `documents` are checked element by
/// element, every other member is skipped unread.
struct TopLevel<'a, 'b>(&'a mut Checker<'b>);

impl<'de> DeserializeSeed<'de> for TopLevel<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the site export object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<KeyName>()? {
            match key {
                KeyName::Evidence => {
                    self.0.saw_evidence = true;
                    map.next_value_seed(Each {
                        checker: &mut *self.0,
                        kind: Kind::Evidence,
                    })?;
                }
                KeyName::Documents => {
                    self.0.saw_documents = true;
                    map.next_value_seed(Each {
                        checker: &mut *self.0,
                        kind: Kind::Documents,
                    })?;
                }
                KeyName::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A top-level key, without keeping its text.
enum KeyName {
    Evidence,
    Documents,
    Other,
}

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<KeyName, E> {
                Ok(match v {
                    "evidence" => KeyName::Evidence,
                    "documents" => KeyName::Documents,
                    _ => KeyName::Other,
                })
            }
        }
        d.deserialize_str(V)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Evidence,
    Documents,
}

/// A list whose elements are checked one at a time as they are read.
struct Each<'a, 'b> {
    checker: &'a mut Checker<'b>,
    kind: Kind,
}

impl<'de> DeserializeSeed<'de> for Each<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Each<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        match self.kind {
            Kind::Evidence => {
                while let Some(e) = seq.next_element::<EvidenceRecord>()? {
                    self.checker.evidence(e);
                }
            }
            Kind::Documents => {
                while let Some(d) = seq.next_element::<DocumentRecord>()? {
                    self.checker.document(d);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const E: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn run(json: &str) -> Vec<String> {
        let held = |key: &str| match key {
            "files/evidence/a.pdf" => Held::Hashed(A.to_string()),
            "sources/content/reviews/q1.md" => Held::Hashed(E.to_string()),
            "files/evidence/extra.pdf" => Held::NotHashed,
            _ => Held::Absent,
        };
        let mut out = Vec::new();
        site_json(json.as_bytes(), &held, &mut out);
        out
    }

    #[test]
    fn agreeing_digests_pass_and_others_are_named() {
        let good = format!(
            r#"{{"generator":"minutebook","people":[{{"id":"x"}}],
            "documents":[{{"id":"q1","source":"content/reviews/q1.md","sha256":"{E}","title":"Q1"}}],
            "evidence":[{{"path":"content/evidence/a.pdf","sha256":"{}","size":3}},
                        {{"path":"content/evidence/unhashed.pdf","sha256":null,"size":0}}]}}"#,
            A.to_uppercase()
        );
        assert_eq!(run(&good), Vec::<String>::new());

        let bad = format!(
            r#"{{"documents":[{{"source":"content/reviews/q1.md","sha256":"{A}"}},
                             {{"source":"content/reviews/gone.md","sha256":"{A}"}}],
            "evidence":[{{"path":"content/evidence/a.pdf","sha256":"{E}"}},
                        {{"path":"content/evidence/gone.pdf","sha256":"{E}"}},
                        {{"path":"content/evidence/extra.pdf","sha256":"{E}"}},
                        {{"path":"elsewhere/x","sha256":"{E}"}}]}}"#
        );
        let out = run(&bad);
        assert_eq!(out.len(), 5, "{out:#?}");
        assert!(out[0].contains("document `content/reviews/q1.md`") && out[0].contains(E));
        assert!(out[1].contains("has no sources/content/reviews/gone.md"));
        assert!(out[2].contains("evidence `content/evidence/a.pdf`") && out[2].contains(A));
        assert!(out[3].contains("has no files/evidence/gone.pdf"));
        assert!(out[4].contains("not under content/"));
    }

    #[test]
    fn an_unreadable_or_incomplete_export_is_a_disagreement() {
        assert!(run("not json")[0].contains("cannot be read"));
        assert!(run("[]")[0].contains("cannot be read"));
        assert_eq!(
            run(r#"{"documents":[]}"#),
            vec![format!("{SITE_JSON} has no `evidence` list")]
        );
        assert!(run(r#"{"documents":[],"evidence":[]} trailing"#)[0].contains("cannot be read"));
    }

    #[test]
    fn reports_are_capped() {
        let many: Vec<String> = (0..MAX_REPORTED + 5)
            .map(|i| format!(r#"{{"path":"content/evidence/{i}","sha256":"{E}"}}"#))
            .collect();
        let json = format!(r#"{{"documents":[],"evidence":[{}]}}"#, many.join(","));
        let out = run(&json);
        assert_eq!(out.len(), MAX_REPORTED + 1);
        assert!(out[MAX_REPORTED].contains("5 more disagreements"));
    }
}
