//! Reading the catalogs: the built-in ones embedded in the binary and a
//! site's `catalogs/*.yaml`, which add to them or replace them, into
//! [`crate::model::catalog::Catalogs`].

mod builtin;
mod parse;
mod site;
#[cfg(test)]
mod tests;

use crate::diag::findings::Finding;
use crate::model::catalog::Catalogs;
use std::path::Path;

/// The catalogs built into the binary (parsed once per process).
pub fn builtin() -> Catalogs {
    Catalogs {
        catalogs: builtin::catalogs().to_vec(),
    }
}

/// Adds the site's `catalogs/*.yaml` to `catalogs` (replacing a built-in one
/// with the same id), reporting problems as findings.
pub(crate) fn load_site(catalogs: &mut Catalogs, root: &Path, findings: &mut Vec<Finding>) {
    for catalog in site::read(root, findings) {
        catalogs.insert(catalog);
    }
}
