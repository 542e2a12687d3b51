//! The index's file format: versioned, checksummed, replaced atomically.
//!
//! A file is a fixed header (magic, kind, format version, the build that
//! wrote it, the number of sections) and a table of section lengths and
//! CRC-32s, followed by the sections. Callers read and decode only the
//! sections they need (postcard), so that a listing does not read the notes.
//! Anything that does not match — missing, truncated, damaged, written by
//! another build — reads as an error, and the caller rebuilds. Writers
//! replace the file by rename, so two processes updating it at once leave
//! one complete file or the other, never a mix.

use std::path::Path;

use crate::error::{Error, Result};
use crate::fsio;

const MAGIC: &[u8; 8] = b"MINUTIDX";
/// Magic, kind, format version, build, number of sections.
const HEADER: usize = 8 + 8 + 4 + 8 + 4;
/// Per section: its length and its CRC-32.
const ENTRY: usize = 8 + 4;

/// Why a file could not be used, for `-v`.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    Missing,
    Damaged,
    Foreign,
}

/// The sections asked for, each read and checked.
pub struct Sections {
    sections: Vec<Option<Vec<u8>>>,
}

impl Sections {
    /// Section `n`, empty when it was not asked for.
    pub fn get(&self, n: usize) -> &[u8] {
        self.sections
            .get(n)
            .and_then(Option::as_deref)
            .unwrap_or_default()
    }
}

/// Reads sections `wanted` of a file of `kind` written by this build with
/// `version`. Each section has a checksum of its own, so that a listing
/// reads the outline of an archive without reading all its notes.
pub fn read(
    path: &Path,
    kind: &[u8; 8],
    version: u32,
    wanted: &[usize],
) -> Result<Sections, Unusable> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).map_err(|_| Unusable::Missing)?;
    let mut header = [0u8; HEADER];
    file.read_exact(&mut header)
        .map_err(|_| Unusable::Foreign)?;
    if &header[..8] != MAGIC || &header[8..16] != kind {
        return Err(Unusable::Foreign);
    }
    let u32_at =
        |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or_default());
    let u64_at =
        |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
    if u32_at(&header, 16) != version || u64_at(&header, 20) != build() {
        return Err(Unusable::Foreign);
    }
    let count = u32_at(&header, 28) as usize;
    if count > 64 {
        return Err(Unusable::Damaged);
    }
    let mut table = vec![0u8; count * ENTRY];
    file.read_exact(&mut table).map_err(|_| Unusable::Damaged)?;
    let size = file.metadata().map_err(|_| Unusable::Damaged)?.len();
    let mut start = (HEADER + table.len()) as u64;
    let mut sections = Vec::with_capacity(count);
    for n in 0..count {
        let len = u64_at(&table, n * ENTRY);
        let crc = u32_at(&table, n * ENTRY + 8);
        let end = start
            .checked_add(len)
            .filter(|end| *end <= size)
            .ok_or(Unusable::Damaged)?;
        if wanted.contains(&n) {
            let mut bytes = vec![0u8; usize::try_from(len).map_err(|_| Unusable::Damaged)?];
            file.seek(SeekFrom::Start(start))
                .map_err(|_| Unusable::Damaged)?;
            file.read_exact(&mut bytes).map_err(|_| Unusable::Damaged)?;
            if crc32fast::hash(&bytes) != crc {
                return Err(Unusable::Damaged);
            }
            sections.push(Some(bytes));
        } else {
            sections.push(None);
        }
        start = end;
    }
    if start != size {
        return Err(Unusable::Damaged);
    }
    Ok(Sections { sections })
}

/// Writes `sections` as a file of `kind`, atomically.
pub fn write(path: &Path, kind: &[u8; 8], version: u32, sections: &[&[u8]]) -> Result<()> {
    let total: usize = sections.iter().map(|s| s.len()).sum();
    let mut bytes = Vec::with_capacity(HEADER + sections.len() * ENTRY + total);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(kind);
    bytes.extend_from_slice(&version.to_le_bytes());
    bytes.extend_from_slice(&build().to_le_bytes());
    bytes.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    for section in sections {
        bytes.extend_from_slice(&(section.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&crc32fast::hash(section).to_le_bytes());
    }
    for section in sections {
        bytes.extend_from_slice(section);
    }
    fsio::write_atomic(path, path, &bytes)
}

/// Encodes one section.
pub fn encode<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    postcard::to_stdvec(value).map_err(|e| Error::failed(format!("cannot encode the index: {e}")))
}

/// Decodes one section; a failure means the file is damaged.
pub fn decode<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, Unusable> {
    postcard::from_bytes(bytes).map_err(|_| Unusable::Damaged)
}

/// A fingerprint of the build: another build of minutes (another version,
/// or the same version built again from changed sources) may lay out the
/// same types differently, or find other things in a file, so it never
/// trusts our files. The executable's size and modification time tell
/// builds apart where the version does not.
fn build() -> u64 {
    static BUILD: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *BUILD.get_or_init(|| {
        let mut text = concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION")).to_string();
        if let Some(meta) = std::env::current_exe().ok().and_then(|e| e.metadata().ok()) {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::SystemTime::UNIX_EPOCH).ok())
                .unwrap_or_default();
            text = format!("{text} {} {}", meta.len(), modified.as_nanos());
        }
        text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.bin");
        let all = [0, 1, 2];
        assert!(matches!(
            read(&path, b"testtest", 1, &all),
            Err(Unusable::Missing)
        ));
        write(&path, b"testtest", 1, &[b"one", b"", b"three"]).unwrap();
        let sections = read(&path, b"testtest", 1, &all).unwrap();
        assert_eq!(
            (sections.get(0), sections.get(1), sections.get(2)),
            (&b"one"[..], &b""[..], &b"three"[..])
        );
        assert_eq!(read(&path, b"testtest", 1, &[0]).unwrap().get(2), b"");
        assert!(matches!(
            read(&path, b"testtest", 2, &all),
            Err(Unusable::Foreign)
        ));
        assert!(matches!(
            read(&path, b"othertst", 1, &all),
            Err(Unusable::Foreign)
        ));
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(
            read(&path, b"testtest", 1, &all),
            Err(Unusable::Damaged)
        ));
        // Damage in a section that is not read is found when it is read.
        assert!(read(&path, b"testtest", 1, &[0]).is_ok());
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(matches!(
            read(&path, b"testtest", 1, &[0]),
            Err(Unusable::Damaged)
        ));
    }
}
