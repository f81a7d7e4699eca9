//! Clause and control catalogs: what a reference like `9.3.2 a)` or `soc2:CC4.1` means.
//!
//! The built-in catalogs are YAML files under `builtin/` embedded in the binary
//!; a site's `catalogs/*.yaml` add to them or replace them. A
//! reference is read by its tokens (`normalise`), resolved in the site's first
//! framework unless it names a catalog (`resolve`), and always comes back with
//! the item's canonical id.

mod mapping;
pub(crate) mod normalise;
mod resolve;

pub(crate) use mapping::edition_of;

/// The framework a site has when `minutebook.yaml` names none; unqualified
/// references resolve in it then (the format default).
pub(crate) const DEFAULT_FRAMEWORK: &str = "iso27001-2022";

/// One item of a catalog: a clause, sub-clause, review input or control.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogItem {
    /// Canonical id (`9.3.2.a`, `A.5.17`, `CC4.1`).
    pub id: String,
    /// Short title.
    pub title: String,
    /// A required management-review input.
    pub required_in_review: bool,
    /// Related items in other catalogs, as written.
    pub maps_to: Vec<String>,
}

/// A catalog: a framework's clauses and controls.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    /// Id (`iso27001-2022`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Items in catalog order.
    pub items: Vec<CatalogItem>,
}

impl Catalog {
    /// The item a reference names in this catalog, however it is spelled
    /// (`9.3.2(d)(1)` finds `9.3.2.d.1`): for lookups that already know the catalog.
    pub(crate) fn find(&self, reference: &str) -> Option<&CatalogItem> {
        // Item ids are unique by their tokens (a duplicate is MB005), so an
        // exact match is the one item `same` would find; most references are
        // written canonically and take this path.
        self.items.iter().find(|i| i.id == reference).or_else(|| {
            self.items
                .iter()
                .find(|i| normalise::same(&i.id, reference))
        })
    }
}

/// A resolved reference: which catalog, which item (canonical id).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemRef {
    /// Catalog id.
    pub catalog: String,
    /// Canonical item id.
    pub item: String,
}

/// Why a reference did not resolve.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RefError {
    /// Message naming the reference.
    pub message: String,
    /// A close canonical reference, for did-you-mean.
    pub suggestion: Option<String>,
}

/// Every catalog known to a site, built-in and its own.
#[derive(Clone, Debug, Default)]
pub struct Catalogs {
    /// Catalogs sorted by id.
    pub catalogs: Vec<Catalog>,
}

impl Catalogs {
    /// Adds a catalog, replacing one with the same id (case-insensitive) and
    /// keeping the list sorted: how site catalogs override built-in ones.
    pub(crate) fn insert(&mut self, catalog: Catalog) {
        self.catalogs
            .retain(|c| !c.id.eq_ignore_ascii_case(&catalog.id));
        self.catalogs.push(catalog);
        self.catalogs.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// A catalog by id.
    pub(crate) fn get(&self, id: &str) -> Option<&Catalog> {
        self.catalogs.iter().find(|c| c.id.eq_ignore_ascii_case(id))
    }

    /// The catalog id unqualified references resolve in: the first framework,
    /// or [`DEFAULT_FRAMEWORK`]; pages and checks need it to display references.
    pub(crate) fn primary(frameworks: &[String]) -> &str {
        frameworks.first().map_or(DEFAULT_FRAMEWORK, String::as_str)
    }

    /// Resolves a reference as written against the site's frameworks.
    ///
    /// Unqualified references resolve in the first framework; `prefix:item`
    /// names a catalog by id or by its part before the first `-`.
    pub(crate) fn resolve(
        &self,
        reference: &str,
        frameworks: &[String],
    ) -> Result<ItemRef, RefError> {
        resolve::resolve(self, reference, frameworks)
    }

    /// The item a resolved reference names.
    pub(crate) fn item(&self, r: &ItemRef) -> Option<&CatalogItem> {
        let catalog = self.get(&r.catalog)?;
        catalog
            .items
            .iter()
            .find(|i| i.id == r.item)
            .or_else(|| catalog.find(&r.item))
    }

    /// The title of the item a reference names, for pages and messages.
    pub(crate) fn item_title(&self, r: &ItemRef) -> Option<&str> {
        self.item(r).map(|i| i.title.as_str())
    }

    /// How a resolved reference is written on pages: the bare id in the first
    /// framework (`9.3.2.c`), qualified elsewhere (`soc2:CC4.1`). Takes the
    /// frameworks because "first framework" is a site setting.
    pub(crate) fn display(&self, r: &ItemRef, frameworks: &[String]) -> String {
        if r.catalog.eq_ignore_ascii_case(Self::primary(frameworks)) {
            r.item.clone()
        } else {
            format!("{}:{}", resolve::prefix(self, &r.catalog), r.item)
        }
    }

    /// The required review inputs of the given frameworks, in catalog order.
    ///
    /// Framework order, then catalog order, without repeats; unknown ids are
    /// skipped (the configuration loader reports them); no frameworks means
    /// [`DEFAULT_FRAMEWORK`].
    pub(crate) fn required_inputs(&self, frameworks: &[String]) -> Vec<ItemRef> {
        let default = [DEFAULT_FRAMEWORK.to_string()];
        let frameworks = if frameworks.is_empty() {
            &default[..]
        } else {
            frameworks
        };
        let mut out: Vec<ItemRef> = Vec::new();
        for catalog in frameworks.iter().filter_map(|f| self.get(f)) {
            for item in catalog.items.iter().filter(|i| i.required_in_review) {
                let r = ItemRef {
                    catalog: catalog.id.clone(),
                    item: item.id.clone(),
                };
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        out
    }
}
