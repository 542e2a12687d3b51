//! The index's file format: versioned, checksummed, replaced atomically.
//!
//! A file is a fixed header (magic, kind, format version, the build that
//! wrote it, payload length, CRC-32 of the payload) followed by a postcard
//! payload. Anything that does not match — missing, truncated, damaged,
//! written by another build — reads as `None`, and the caller rebuilds.
//! Writers replace the file by rename, so two processes updating it at once
//! leave one complete file or the other, never a mix.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::fsio;

const MAGIC: &[u8; 8] = b"MINUTIDX";
const HEADER: usize = 8 + 8 + 4 + 8 + 8 + 4;

/// Why a file could not be used, for `-v`.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    Missing,
    Damaged,
    Foreign,
}

/// Reads a file of `kind` written by this build with `version`.
pub fn read<T: DeserializeOwned>(path: &Path, kind: &[u8; 8], version: u32) -> Result<T, Unusable> {
    let bytes = std::fs::read(path).map_err(|_| Unusable::Missing)?;
    if bytes.len() < HEADER || &bytes[..8] != MAGIC || &bytes[8..16] != kind {
        return Err(Unusable::Foreign);
    }
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    let file_version = u32::from_le_bytes(bytes[16..20].try_into().unwrap_or_default());
    if file_version != version || word(20) != build() {
        return Err(Unusable::Foreign);
    }
    let len = usize::try_from(word(28)).map_err(|_| Unusable::Damaged)?;
    let crc = u32::from_le_bytes(bytes[36..40].try_into().unwrap_or_default());
    let payload = bytes
        .get(HEADER..)
        .filter(|p| p.len() == len)
        .ok_or(Unusable::Damaged)?;
    if crc32fast::hash(payload) != crc {
        return Err(Unusable::Damaged);
    }
    postcard::from_bytes(payload).map_err(|_| Unusable::Damaged)
}

/// Writes `value` as a file of `kind`, atomically.
pub fn write<T: Serialize>(path: &Path, kind: &[u8; 8], version: u32, value: &T) -> Result<()> {
    let payload = postcard::to_stdvec(value)
        .map_err(|e| Error::failed(format!("cannot encode the index: {e}")))?;
    let mut bytes = Vec::with_capacity(HEADER + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(kind);
    bytes.extend_from_slice(&version.to_le_bytes());
    bytes.extend_from_slice(&build().to_le_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    fsio::write_atomic(path, path, &bytes)
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
        assert_eq!(
            read::<Vec<String>>(&path, b"testtest", 1),
            Err(Unusable::Missing)
        );
        write(&path, b"testtest", 1, &vec!["a".to_string()]).unwrap();
        assert_eq!(read::<Vec<String>>(&path, b"testtest", 1).unwrap(), ["a"]);
        assert_eq!(
            read::<Vec<String>>(&path, b"testtest", 2),
            Err(Unusable::Foreign)
        );
        assert_eq!(
            read::<Vec<String>>(&path, b"othertst", 1),
            Err(Unusable::Foreign)
        );
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            read::<Vec<String>>(&path, b"testtest", 1),
            Err(Unusable::Damaged)
        );
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert_eq!(
            read::<Vec<String>>(&path, b"testtest", 1),
            Err(Unusable::Damaged)
        );
    }
}
