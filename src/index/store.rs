//! The index's file format: versioned, checksummed, replaced atomically.
//!
//! A file is a fixed header (magic, kind, format version, the build that
//! wrote it, CRC-32 of the payload, the number of sections) and a table of
//! section lengths, followed by the sections. Callers decode the sections
//! they need (postcard), so that a listing does not decode the notes.
//! Anything that does not match — missing, truncated, damaged, written by
//! another build — reads as an error, and the caller rebuilds. Writers
//! replace the file by rename, so two processes updating it at once leave
//! one complete file or the other, never a mix.

use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Result};
use crate::fsio;

const MAGIC: &[u8; 8] = b"MINUTIDX";
const HEADER: usize = 8 + 8 + 4 + 8 + 4 + 4;

/// Why a file could not be used, for `-v`.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    Missing,
    Damaged,
    Foreign,
}

/// A file read whole, checked, and cut into its sections.
pub struct Sections {
    bytes: Vec<u8>,
    ranges: Vec<Range<usize>>,
}

impl Sections {
    pub fn get(&self, n: usize) -> &[u8] {
        self.ranges.get(n).map_or(&[], |r| &self.bytes[r.clone()])
    }
}

/// Reads a file of `kind` written by this build with `version`.
pub fn read(path: &Path, kind: &[u8; 8], version: u32) -> Result<Sections, Unusable> {
    let bytes = std::fs::read(path).map_err(|_| Unusable::Missing)?;
    if bytes.len() < HEADER || &bytes[..8] != MAGIC || &bytes[8..16] != kind {
        return Err(Unusable::Foreign);
    }
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or_default());
    let u64_at = |at: usize| {
        bytes
            .get(at..at + 8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
    };
    if u32_at(16) != version || u64_at(20) != Some(build()) {
        return Err(Unusable::Foreign);
    }
    let crc = u32_at(28);
    let count = u32_at(32) as usize;
    let table_end = HEADER + count * 8;
    let payload = bytes.get(table_end..).ok_or(Unusable::Damaged)?;
    if crc32fast::hash(payload) != crc {
        return Err(Unusable::Damaged);
    }
    let mut ranges = Vec::with_capacity(count);
    let mut start = table_end;
    for n in 0..count {
        let len = u64_at(HEADER + n * 8)
            .and_then(|l| usize::try_from(l).ok())
            .ok_or(Unusable::Damaged)?;
        ranges.push(start..start + len);
        start += len;
    }
    if start != bytes.len() {
        return Err(Unusable::Damaged);
    }
    Ok(Sections { bytes, ranges })
}

/// Writes `sections` as a file of `kind`, atomically.
pub fn write(path: &Path, kind: &[u8; 8], version: u32, sections: &[&[u8]]) -> Result<()> {
    let mut crc = crc32fast::Hasher::new();
    sections.iter().for_each(|s| crc.update(s));
    let total: usize = sections.iter().map(|s| s.len()).sum();
    let mut bytes = Vec::with_capacity(HEADER + sections.len() * 8 + total);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(kind);
    bytes.extend_from_slice(&version.to_le_bytes());
    bytes.extend_from_slice(&build().to_le_bytes());
    bytes.extend_from_slice(&crc.finalize().to_le_bytes());
    bytes.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    for section in sections {
        bytes.extend_from_slice(&(section.len() as u64).to_le_bytes());
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

/// A fingerprint of the build: another version of minutes may lay out the
/// same types differently, so it never trusts our files.
fn build() -> u64 {
    let text = concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION"));
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.bin");
        assert!(matches!(
            read(&path, b"testtest", 1),
            Err(Unusable::Missing)
        ));
        write(&path, b"testtest", 1, &[b"one", b"", b"three"]).unwrap();
        let sections = read(&path, b"testtest", 1).unwrap();
        assert_eq!(
            (sections.get(0), sections.get(1), sections.get(2)),
            (&b"one"[..], &b""[..], &b"three"[..])
        );
        assert!(matches!(
            read(&path, b"testtest", 2),
            Err(Unusable::Foreign)
        ));
        assert!(matches!(
            read(&path, b"othertst", 1),
            Err(Unusable::Foreign)
        ));
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(
            read(&path, b"testtest", 1),
            Err(Unusable::Damaged)
        ));
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(matches!(
            read(&path, b"testtest", 1),
            Err(Unusable::Damaged)
        ));
    }
}
