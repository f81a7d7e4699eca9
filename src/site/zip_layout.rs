//! Whether a zip's entries are laid out as one file each, the way `unzip`
//! reads them, before `verify` trusts any of them.
//!
//! A zip names each file twice: in the central directory at the end (which
//! the zip reader uses) and in a local header in front of the file's data
//! (which streaming extractors use). Two tricks make an archive say one
//! thing to a verifier and another to the auditor's tools, and both are
//! refused here:
//!
//! - **overlapping entries** (David Fifield's "better zip bomb"): many
//!   central-directory entries point into one region of the file, so 1.7 MB
//!   inflates to gigabytes, each entry re-reading the same compressed
//!   kernel. In a faithful zip each entry owns its bytes: local header,
//!   name, extra field and data lie before the next entry's header and
//!   before the central directory. `unzip -t` refuses such archives too;
//! - **a local header whose name differs** from the central directory's:
//!   `verify` would hash `b.txt` where a streaming extractor writes
//!   `a.txt`.
//!
//! Only fixed-size headers and names are read (one seek per entry, in file
//! order), so the check is linear in the number of entries and holds
//! nothing but one span per entry.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use zip::ZipArchive;

/// A local file header's fixed part: signature to extra-field length.
const LOCAL_HEADER: u64 = 30;
const LOCAL_SIGNATURE: [u8; 4] = *b"PK\x03\x04";

/// Where one entry lies in the file, from the central directory.
struct Span {
    index: usize,
    header_start: u64,
    compressed_size: u64,
}

/// Checks that every entry owns its own bytes and names itself in its local
/// header as the central directory names it. `Ok(None)` when it does;
/// `Ok(Some(why))` when the archive is not a faithful bundle (the caller
/// refuses it, naming why); `Err` on an I/O error.
pub(crate) fn unfaithful<R: Read + Seek>(
    path: &Path,
    archive: &ZipArchive<R>,
) -> io::Result<Option<String>> {
    if archive.offset() != 0 {
        return Ok(Some(format!(
            "{} bytes come before the first entry: a bundle starts with its first file",
            archive.offset()
        )));
    }
    let directory = archive.central_directory_start();
    let mut spans = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(index) else {
            return Ok(Some(format!("entry {index} cannot be read")));
        };
        spans.push(Span {
            index,
            header_start: entry.header_start(),
            compressed_size: entry.compressed_size(),
        });
    }
    spans.sort_by_key(|s| (s.header_start, s.index));

    let mut reader = BufReader::with_capacity(
        64 * 1024,
        File::open(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?,
    );
    let mut previous: Option<(usize, u64)> = None; // (index, end of its data)
    for span in &spans {
        let central = archive
            .by_index_data(span.index)
            .map(|e| e.name_raw().to_vec())
            .unwrap_or_default();
        let shown = String::from_utf8_lossy(&central).escape_debug().to_string();
        if let Some((before, end)) = previous
            && span.header_start < end
        {
            let first = archive
                .by_index_data(before)
                .map(|e| {
                    String::from_utf8_lossy(e.name_raw())
                        .escape_debug()
                        .to_string()
                })
                .unwrap_or_default();
            return Ok(Some(format!(
                "entries `{first}` and `{shown}` overlap (the second starts at byte {}, \
                 inside the first, which ends at byte {end}): one region of the file is \
                 read as several files, the shape of an overlapping zip bomb",
                span.header_start
            )));
        }
        let mut head = [0u8; LOCAL_HEADER as usize];
        reader.seek(SeekFrom::Start(span.header_start))?;
        if super::verify::read_up_to(&mut reader, &mut head)? < head.len()
            || head[..4] != LOCAL_SIGNATURE
        {
            return Ok(Some(format!(
                "entry `{shown}` has no local header at byte {}",
                span.header_start
            )));
        }
        let name_len = u16::from_le_bytes([head[26], head[27]]);
        let extra_len = u16::from_le_bytes([head[28], head[29]]);
        let mut local = vec![0u8; usize::from(name_len)];
        if super::verify::read_up_to(&mut reader, &mut local)? < local.len() {
            return Ok(Some(format!(
                "entry `{shown}`: its local header is cut short"
            )));
        }
        if local != central {
            return Ok(Some(format!(
                "entry `{shown}` is named `{}` in its local header: an extractor reading \
                 the local headers would write another file than the one verified",
                String::from_utf8_lossy(&local).escape_debug()
            )));
        }
        let end = span
            .header_start
            .checked_add(LOCAL_HEADER + u64::from(name_len) + u64::from(extra_len))
            .and_then(|start| start.checked_add(span.compressed_size));
        let Some(end) = end.filter(|end| *end <= directory) else {
            return Ok(Some(format!(
                "the data of entry `{shown}` runs into the central directory"
            )));
        };
        previous = Some((span.index, end));
    }
    Ok(None)
}
