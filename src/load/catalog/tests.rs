//! The built-in catalogs, resolution and site catalogs.

use super::*;
use crate::diag::findings::Code;
use crate::model::catalog::{CatalogItem, Catalogs, ItemRef, RefError};
use std::fs;

fn fw(ids: &[&str]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn item(r: Result<ItemRef, RefError>) -> String {
    match r {
        Ok(r) => format!("{}|{}", r.catalog, r.item),
        Err(e) => format!("error: {}", e.message),
    }
}

/// A fresh site folder with a `catalogs/` folder, removed when dropped.
struct TempSite(tempfile::TempDir);

impl TempSite {
    fn new(name: &str) -> TempSite {
        let dir = tempfile::Builder::new()
            .prefix(&format!("minutebook-catalog-{name}-"))
            .tempdir()
            .expect("temp dir");
        fs::create_dir_all(dir.path().join("catalogs")).expect("temp dir");
        TempSite(dir)
    }

    fn write(&self, name: &str, text: impl AsRef<[u8]>) {
        fs::write(self.0.path().join("catalogs").join(name), text).expect("write");
    }

    fn load(&self) -> (Catalogs, Vec<Finding>) {
        let mut catalogs = crate::load::catalog::builtin();
        let mut findings = Vec::new();
        load_site(&mut catalogs, self.0.path(), &mut findings);
        (catalogs, findings)
    }
}

#[test]
fn builtin_files_read_without_findings() {
    for (name, text) in builtin::FILES {
        let mut findings = Vec::new();
        let catalog = parse::catalog(text, name, &mut findings);
        assert!(findings.is_empty(), "{name}: {findings:?}");
        let catalog = catalog.expect("a catalog");
        assert_eq!(format!("{}.yaml", catalog.id), *name);
    }
    let ids: Vec<String> = crate::load::catalog::builtin()
        .catalogs
        .iter()
        .map(|c| c.id.clone())
        .collect();
    assert_eq!(
        ids,
        [
            "iso22301-2019",
            "iso27001-2013",
            "iso27001-2022",
            "iso42001-2023",
            "iso9001-2015",
            "nis2",
            "soc2-2017"
        ]
    );
}

#[test]
fn iso27001_has_the_clauses_and_93_annex_controls() {
    let cats = crate::load::catalog::builtin();
    let c = cats.get("iso27001-2022").expect("27001");
    let annex: Vec<&str> = c
        .items
        .iter()
        .map(|i| i.id.as_str())
        .filter(|id| id.starts_with("A."))
        .collect();
    assert_eq!(annex.len(), 93);
    for (theme, count) in [("A.5.", 37), ("A.6.", 8), ("A.7.", 14), ("A.8.", 34)] {
        let n = annex.iter().filter(|id| id.starts_with(theme)).count();
        assert_eq!(n, count, "{theme}");
        for k in 1..=count {
            assert!(
                annex.contains(&format!("{theme}{k}").as_str()),
                "{theme}{k}"
            );
        }
    }
    let title = |id: &str| c.find(id).map(|i| i.title.as_str());
    assert_eq!(title("A.5.17"), Some("Authentication information"));
    assert_eq!(title("A.7.6"), Some("Working in secure areas"));
    assert_eq!(
        title("A.8.34"),
        Some("Protection of information systems during audit testing")
    );
    assert_eq!(
        title("9.3.2.c"),
        Some("Changes in needs and expectations of interested parties")
    );
    for id in [
        "4", "4.1", "4.4", "5.3", "6.1.1", "6.1.3", "6.3", "7.5.1", "7.5.3", "8.3", "9.1", "9.2.1",
        "9.2.2", "9.3.1", "9.3.2", "9.3.2.d", "9.3.3", "10", "10.1", "10.2",
    ] {
        assert!(c.items.iter().any(|i| i.id == id), "{id}");
    }
    assert!(c.items.iter().all(|i| !i.title.is_empty()));
}

#[test]
fn iso27001_requires_exactly_the_ten_inputs_in_order() {
    let cats = crate::load::catalog::builtin();
    let got: Vec<String> = cats
        .required_inputs(&fw(&["iso27001-2022"]))
        .into_iter()
        .map(|r| r.item)
        .collect();
    let want = [
        "9.3.2.a",
        "9.3.2.b",
        "9.3.2.c",
        "9.3.2.d.1",
        "9.3.2.d.2",
        "9.3.2.d.3",
        "9.3.2.d.4",
        "9.3.2.e",
        "9.3.2.f",
        "9.3.2.g",
    ];
    assert_eq!(got, want);
    assert_eq!(cats.required_inputs(&[]).len(), 10, "default framework");
}

#[test]
fn other_frameworks_require_their_leaf_inputs() {
    let cats = crate::load::catalog::builtin();
    let items = |f: &str| -> Vec<String> {
        cats.required_inputs(&fw(&[f]))
            .into_iter()
            .map(|r| r.item)
            .collect()
    };
    assert_eq!(
        items("iso9001-2015"),
        [
            "9.3.2.a",
            "9.3.2.b",
            "9.3.2.c.1",
            "9.3.2.c.2",
            "9.3.2.c.3",
            "9.3.2.c.4",
            "9.3.2.c.5",
            "9.3.2.c.6",
            "9.3.2.c.7",
            "9.3.2.d",
            "9.3.2.e",
            "9.3.2.f"
        ]
    );
    assert_eq!(
        items("iso42001-2023"),
        [
            "9.3.2.a",
            "9.3.2.b",
            "9.3.2.c",
            "9.3.2.d.1",
            "9.3.2.d.2",
            "9.3.2.d.3",
            "9.3.2.e"
        ]
    );
    assert_eq!(items("iso22301-2019").len(), 13);
    assert!(items("soc2-2017").is_empty());
    assert!(items("nis2").is_empty());

    let both = cats.required_inputs(&fw(&[
        "iso27001-2022",
        "nope",
        "iso42001-2023",
        "iso27001-2022",
    ]));
    assert_eq!(both.len(), 17);
    assert_eq!(both[0].catalog, "iso27001-2022");
    assert_eq!(both[10].catalog, "iso42001-2023");
}

#[test]
fn soc2_has_33_common_criteria_and_nis2_its_articles() {
    let cats = crate::load::catalog::builtin();
    let soc2 = cats.get("soc2-2017").expect("soc2");
    assert_eq!(soc2.items.len(), 33);
    assert!(soc2.items.iter().all(|i| i.id.starts_with("CC")));
    let nis2 = cats.get("nis2").expect("nis2");
    for id in [
        "Art.20",
        "Art.20.1",
        "Art.20.2",
        "Art.21",
        "Art.21.2",
        "Art.21.2.a",
        "Art.21.2.j",
    ] {
        assert!(nis2.items.iter().any(|i| i.id == id), "{id}");
    }
    assert_eq!(nis2.items.len(), 15);
}

#[test]
fn every_maps_to_resolves() {
    let cats = crate::load::catalog::builtin();
    for c in &cats.catalogs {
        for i in &c.items {
            for m in &i.maps_to {
                assert!(
                    cats.resolve(m, &fw(&[&c.id])).is_ok(),
                    "{}:{} -> {m}",
                    c.id,
                    i.id
                );
            }
        }
    }
}

#[test]
fn resolves_unqualified_references_in_the_first_framework() {
    let cats = crate::load::catalog::builtin();
    let f = fw(&["iso27001-2022", "soc2-2017"]);
    for written in ["9.3.2 a)", "9.3.2(a)", "9.3.2a", "9.3.2.a", "9.3.2 A)"] {
        assert_eq!(
            item(cats.resolve(written, &f)),
            "iso27001-2022|9.3.2.a",
            "{written}"
        );
    }
    for written in ["9.3.2 d) 1)", "9.3.2(d)(1)", "9.3.2.d.1", "9.3.2d1"] {
        assert_eq!(
            item(cats.resolve(written, &f)),
            "iso27001-2022|9.3.2.d.1",
            "{written}"
        );
    }
    for written in ["A.5.17", "a.5.17", "A 5.17"] {
        assert_eq!(
            item(cats.resolve(written, &f)),
            "iso27001-2022|A.5.17",
            "{written}"
        );
    }
    assert_eq!(item(cats.resolve("5.1", &f)), "iso27001-2022|5.1");
    assert_eq!(item(cats.resolve("A.5.1", &f)), "iso27001-2022|A.5.1");
    assert_eq!(item(cats.resolve("9.3.2", &[])), "iso27001-2022|9.3.2");
    assert_eq!(
        item(cats.resolve("9.3.2.c.7", &fw(&["iso9001-2015"]))),
        "iso9001-2015|9.3.2.c.7"
    );
    assert_eq!(
        item(cats.resolve("Art. 21(2)(a)", &fw(&["nis2"]))),
        "nis2|Art.21.2.a"
    );
}

#[test]
fn resolves_qualified_references_by_id_or_short_prefix() {
    let cats = crate::load::catalog::builtin();
    let f = fw(&["iso27001-2022"]);
    for written in [
        "soc2:CC4.1",
        "soc2:cc4.1",
        "SOC2-2017:CC4.1",
        " soc2 : CC 4.1 ",
    ] {
        assert_eq!(
            item(cats.resolve(written, &f)),
            "soc2-2017|CC4.1",
            "{written}"
        );
    }
    assert_eq!(
        item(cats.resolve("iso27001-2022:A.5.1", &f)),
        "iso27001-2022|A.5.1"
    );
    assert_eq!(
        item(cats.resolve("iso9001:9.3.2.a", &f)),
        "iso9001-2015|9.3.2.a"
    );
    for written in [
        "nis2:Art. 21(2)(a)",
        "nis2:art 21(2)(a)",
        "NIS2:Art.21.2.a",
        "nis2:Article 21(2)(a)",
    ] {
        assert_eq!(
            item(cats.resolve(written, &f)),
            "nis2|Art.21.2.a",
            "{written}"
        );
    }
}

#[test]
fn explains_references_that_do_not_resolve() {
    let cats = crate::load::catalog::builtin();
    let f = fw(&["iso27001-2022"]);

    let e = cats.resolve("9.3.2.h", &f).unwrap_err();
    assert_eq!(e.message, "unknown reference 9.3.2.h in iso27001-2022");
    assert_eq!(e.suggestion, None, "seven inputs are equally close");

    let e = cats.resolve("A.5.71", &f).unwrap_err();
    assert_eq!(e.suggestion.as_deref(), Some("A.5.17"));
    let e = cats.resolve("A.5.177", &f).unwrap_err();
    assert_eq!(e.suggestion.as_deref(), Some("A.5.17"));
    let e = cats.resolve("5.17", &f).unwrap_err();
    assert_eq!(
        e.suggestion.as_deref(),
        Some("A.5.17"),
        "Annex control without A."
    );
    let e = cats.resolve("CC4.1", &f).unwrap_err();
    assert_eq!(e.message, "unknown reference CC4.1 in iso27001-2022");
    assert_eq!(e.suggestion.as_deref(), Some("soc2:CC4.1"));
    let e = cats.resolve("iso27001:A.5.71", &f).unwrap_err();
    assert_eq!(e.suggestion.as_deref(), Some("iso27001:A.5.17"));
    // `iso27001:` is shared by two editions: the site's framework wins.
    assert_eq!(
        item(cats.resolve("iso27001:A.5.1", &f)),
        "iso27001-2022|A.5.1"
    );
    assert_eq!(
        item(cats.resolve("iso27001:A.5.1", &fw(&["iso27001-2013"]))),
        "iso27001-2013|A.5.1"
    );
    let e = cats.resolve("9.10", &f).unwrap_err();
    assert!(e.message.contains("9.10"), "{}", e.message);

    let e = cats.resolve("soc3:CC4.1", &f).unwrap_err();
    assert!(e.message.contains("soc3"), "{}", e.message);
    assert!(
        e.message.contains("soc2-2017") && e.message.contains("nis2"),
        "{}",
        e.message
    );
    assert_eq!(e.suggestion.as_deref(), Some("soc2:CC4.1"));

    assert!(cats.resolve("", &f).is_err());
    assert!(cats.resolve("soc2:", &f).is_err());
    assert!(cats.resolve("()", &f).is_err());
    let e = cats.resolve("9.3", &fw(&["iso99999"])).unwrap_err();
    assert!(e.message.contains("iso99999"), "{}", e.message);
}

#[test]
fn displays_references_for_pages() {
    let cats = crate::load::catalog::builtin();
    let f = fw(&["iso27001-2022", "soc2-2017"]);
    let c = cats.resolve("9.3.2 c)", &f).expect("resolves");
    assert_eq!(cats.display(&c, &f), "9.3.2.c");
    assert_eq!(
        cats.item_title(&c),
        Some("Changes in needs and expectations of interested parties")
    );
    let s = cats.resolve("soc2:cc4.1", &f).expect("resolves");
    assert_eq!(cats.display(&s, &f), "soc2:CC4.1");
    // Two editions share `iso27001`: pages write the whole id.
    assert_eq!(
        cats.display(&c, &fw(&["soc2-2017"])),
        "iso27001-2022:9.3.2.c"
    );
    let missing = ItemRef {
        catalog: "nis2".into(),
        item: "Art.99".into(),
    };
    assert_eq!(cats.item_title(&missing), None);
}

#[test]
fn site_catalog_replaces_a_builtin_and_adds_another() {
    let site = TempSite::new("replace");
    site.write(
        "soc2.yaml",
        "id: soc2-2017\ntitle: Our SOC 2\nitems:\n  - {id: CC4.1, title: Monitoring, required_in_review: true}\n",
    );
    site.write(
        "b-custom.yaml",
        "\u{feff}id: acme-policy\r\ntitle: Acme policies\r\nitems:\r\n  - id: POL-1\r\n    title: Access policy\r\n    maps_to: [iso27001:A.5.15]\r\n",
    );
    site.write("notes.txt", "not a catalog");
    let (cats, findings) = site.load();
    assert!(findings.is_empty(), "{findings:?}");
    let soc2 = cats.get("soc2-2017").expect("soc2");
    assert_eq!(soc2.title, "Our SOC 2");
    assert_eq!(soc2.items.len(), 1);
    assert_eq!(cats.catalogs.len(), 8);
    assert!(
        cats.catalogs.windows(2).all(|w| w[0].id < w[1].id),
        "sorted"
    );
    let f = fw(&["iso27001-2022", "soc2-2017"]);
    assert_eq!(item(cats.resolve("acme:pol-1", &f)), "acme-policy|POL-1");
    assert_eq!(cats.required_inputs(&f).len(), 11);
    assert!(cats.resolve("soc2:CC4.2", &f).is_err());
}

#[test]
fn site_catalog_problems_become_findings() {
    let site = TempSite::new("findings");
    site.write("a-syntax.yaml", "id: x\nitems: [unclosed\n");
    site.write(
        "b-keys.yaml",
        "id: keys\ntitel: Oops\nitems:\n  - {id: K.1, title: One, requried_in_review: true}\n  - {id: k.1, title: Same}\n  - {title: No id}\n  - {id: K.2, title: Two, required_in_review: maybe, maps_to: K.1}\n  - just text\n",
    );
    site.write("c-shape.yaml", "- not\n- a mapping\n");
    site.write("d-binary.yaml", b"id: bin\ntitle: \xff\xfe\nitems: []\n");
    site.write("e-dup.yaml", "id: KEYS\ntitle: Again\nitems: []\n");
    site.write("f-noitems.yaml", "id: empty\ntitle: Empty\n");
    site.write(
        "g-badid.yaml",
        "id: has space\ntitle: T\nitems: [{id: a b, title: T}]\n",
    );
    let (cats, findings) = site.load();
    let has = |code: Code, file: &str, text: &str| {
        findings.iter().any(|f| {
            f.code == code
                && f.file.as_deref() == Some(file)
                && f.message.contains(text)
                && f.line.is_some_and(|l| l > 0)
        })
    };
    assert!(
        has(Code::MB002, "catalogs/a-syntax.yaml", ""),
        "{findings:#?}"
    );
    assert!(
        has(Code::MB003, "catalogs/b-keys.yaml", "did you mean `title`"),
        "{findings:#?}"
    );
    assert!(has(
        Code::MB003,
        "catalogs/b-keys.yaml",
        "did you mean `required_in_review`"
    ));
    assert!(has(Code::MB004, "catalogs/b-keys.yaml", "has no title"));
    assert!(
        has(Code::MB005, "catalogs/b-keys.yaml", "duplicate item id k.1"),
        "{findings:#?}"
    );
    assert!(has(Code::MB004, "catalogs/b-keys.yaml", "has no id"));
    assert!(has(Code::MB004, "catalogs/b-keys.yaml", "true or false"));
    assert!(has(
        Code::MB004,
        "catalogs/b-keys.yaml",
        "maps_to must be a list"
    ));
    assert!(has(
        Code::MB004,
        "catalogs/b-keys.yaml",
        "not a single value"
    ));
    assert!(has(Code::MB004, "catalogs/c-shape.yaml", "not a list"));
    assert!(has(Code::MB006, "catalogs/d-binary.yaml", "UTF-8"));
    assert!(
        findings
            .iter()
            .any(|f| f.code == Code::MB005 && f.file.as_deref() == Some("catalogs/e-dup.yaml"))
    );
    assert!(findings.iter().any(|f| f.code == Code::MB004
        && f.file.as_deref() == Some("catalogs/f-noitems.yaml")
        && f.message.contains("no items")));
    assert!(has(Code::MB004, "catalogs/g-badid.yaml", "may only use"));
    assert!(has(Code::MB004, "catalogs/g-badid.yaml", "no spaces"));
    // The usable parts are kept: the catalog with bad keys, its good items.
    let keys = cats.get("keys").expect("kept");
    let ids: Vec<&str> = keys.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["K.1", "K.2"]);
    assert_eq!(keys.title, "keys");
    assert!(cats.get("empty").is_none());
    assert!(cats.get("bin").is_none());
}

#[test]
fn missing_catalogs_folder_is_fine() {
    let site = TempSite::new("none");
    let _ = fs::remove_dir_all(site.0.path().join("catalogs"));
    let (cats, findings) = site.load();
    assert!(findings.is_empty());
    assert_eq!(cats.catalogs.len(), 7);
}

#[cfg(unix)]
#[test]
fn refuses_a_catalog_linked_from_outside_the_site() {
    let site = TempSite::new("link");
    let outside = TempSite::new("link-outside");
    fs::write(
        outside.0.path().join("evil.yaml"),
        "id: iso27001-2022\ntitle: Hijack\nitems: []\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(
        outside.0.path().join("evil.yaml"),
        site.0.path().join("catalogs/evil.yaml"),
    )
    .expect("symlink");
    fs::write(
        site.0.path().join("inside.txt"),
        "id: inner\ntitle: Inner\nitems: []\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(
        site.0.path().join("inside.txt"),
        site.0.path().join("catalogs/inner.yaml"),
    )
    .expect("symlink");
    let (cats, findings) = site.load();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].code, Code::MB004);
    assert_eq!(findings[0].file.as_deref(), Some("catalogs/evil.yaml"));
    assert!(findings[0].message.contains("outside the site"));
    assert_eq!(cats.get("iso27001-2022").map(|c| c.items.len()), Some(145));
    assert!(
        cats.get("inner").is_some(),
        "a link inside the site is fine"
    );
}

#[test]
fn iso27001_2013_has_114_controls_each_mapped_into_2022() {
    let cats = crate::load::catalog::builtin();
    let c = cats.get("iso27001-2013").expect("the 2013 catalog");
    let three_level = |id: &str| id.starts_with("A.") && id.split('.').count() == 4;
    let two_level = |id: &str| id.starts_with("A.") && id.split('.').count() == 3;
    let controls: Vec<&CatalogItem> = c.items.iter().filter(|i| three_level(&i.id)).collect();
    assert_eq!(controls.len(), 114);
    assert_eq!(controls.first().map(|i| i.id.as_str()), Some("A.5.1.1"));
    assert_eq!(controls.last().map(|i| i.id.as_str()), Some("A.18.2.3"));
    assert_eq!(c.items.iter().filter(|i| two_level(&i.id)).count(), 35);
    let y2022 = cats.get("iso27001-2022").expect("2022");
    for control in &controls {
        assert!(!control.maps_to.is_empty(), "{} is not mapped", control.id);
        for m in &control.maps_to {
            let r = cats
                .resolve(m, &fw(&["iso27001-2013"]))
                .unwrap_or_else(|e| panic!("{}: {m}: {}", control.id, e.message));
            assert_eq!(r.catalog, "iso27001-2022", "{}: {m}", control.id);
            assert!(y2022.find(&r.item).is_some(), "{}: {m}", control.id);
        }
    }
    // The examples of the correspondence table, several targets kept.
    let targets = |id: &str| -> Vec<String> {
        let item = c.find(id).expect(id);
        cats.targets(item).into_iter().map(|t| t.item).collect()
    };
    assert_eq!(targets("A.8.1.1"), ["A.5.9"]);
    assert_eq!(targets("A.12.6.1"), ["A.8.8"]);
    assert_eq!(targets("A.9.4.2"), ["A.8.5"]);
    assert_eq!(targets("A.6.2.1"), ["A.8.1"]);
    assert_eq!(targets("A.11.2.8"), ["A.8.1"]);
    assert_eq!(targets("A.13.2.1"), ["A.5.14"]);
    assert_eq!(targets("A.18.2.3"), ["A.5.36", "A.8.8"]);
    // 10.1 and 10.2 swap places.
    assert_eq!(targets("10.1"), ["10.2"]);
    assert_eq!(targets("10.2"), ["10.1"]);
    // Its review inputs: 9.3 a, b, c.1-c.4, d, e, f.
    let inputs: Vec<String> = cats
        .required_inputs(&fw(&["iso27001-2013"]))
        .into_iter()
        .map(|r| r.item)
        .collect();
    assert_eq!(
        inputs,
        [
            "9.3.a", "9.3.b", "9.3.c.1", "9.3.c.2", "9.3.c.3", "9.3.c.4", "9.3.d", "9.3.e", "9.3.f"
        ]
    );
    // A 2013 objective and a 2022 control share an id: the context decides.
    assert_eq!(
        item(cats.resolve("A.8.1", &fw(&["iso27001-2013"]))),
        "iso27001-2013|A.8.1"
    );
    assert_eq!(
        item(cats.resolve("A.8.1", &fw(&["iso27001-2022"]))),
        "iso27001-2022|A.8.1"
    );
    // Backwards: what became 2022's A.5.9.
    let a59 = ItemRef {
        catalog: "iso27001-2022".into(),
        item: "A.5.9".into(),
    };
    let from: Vec<String> = cats.mapped_from(&a59).into_iter().map(|r| r.item).collect();
    assert_eq!(from, ["A.8.1.1", "A.8.1.2"]);
    // In a 2022 context, a 2013 control is named with what it became.
    let m = cats
        .mapped_elsewhere("A.8.1.1", &fw(&["iso27001-2022"]))
        .expect("mapped");
    assert_eq!(m.source.catalog, "iso27001-2013");
    assert_eq!(m.targets, [a59]);
    assert!(
        cats.mapped_elsewhere("A.8.1.1", &fw(&["iso27001-2013"]))
            .is_none()
    );
}
