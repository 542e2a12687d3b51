//! What `check` found in each meeting file, kept by the file's content, so
//! that a second `check` works out again only the files that changed.
//!
//! An entry is the file's name, a key of its content (its length and a
//! 64-bit SipHash), and what `check` made of it, encoded by `check`'s own
//! types: this module keeps bytes and knows no rule. The whole memo is
//! valid for one context — the build that wrote it and the configuration
//! the rules read (`check` gives its key) — and is empty for any other.
//! It is one file of `store`'s format (`check.bin`), replaced whole.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::store;

const KIND: &[u8; 8] = b"checked\0";
const VERSION: u32 = 1;
const FILE: &str = "check.bin";

/// A key of some text's content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Key(u64, u64);

/// The key of `text`.
pub fn key(text: &[u8]) -> Key {
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    Key(text.len() as u64, hasher.finish())
}

/// The findings kept, by file name.
pub struct Memo {
    path: Option<PathBuf>,
    context: Key,
    kept: HashMap<String, (Key, Vec<u8>)>,
    /// What this run found, to be kept.
    found: std::sync::Mutex<Vec<(String, Key, Vec<u8>)>>,
}

impl Memo {
    /// The memo in `dir` for `context`; an empty one when there is none
    /// usable, or when `dir` is `None` (nothing kept then).
    pub fn open(dir: Option<&Path>, context: Key) -> Memo {
        let path = dir.map(|d| d.join(FILE));
        let kept = path
            .as_deref()
            .and_then(|p| store::read(p, KIND, VERSION, &[0, 1]).ok())
            .and_then(|s| {
                let stored: Key = store::decode(s.get(0)).ok()?;
                let entries: Vec<(String, Key, Vec<u8>)> = store::decode(s.get(1)).ok()?;
                (stored == context).then_some(entries)
            })
            .unwrap_or_default()
            .into_iter()
            .map(|(name, key, bytes)| (name, (key, bytes)))
            .collect();
        Memo {
            path,
            context,
            kept,
            found: Default::default(),
        }
    }

    /// What was found in file `name` when its content had `key`.
    pub fn get<T: DeserializeOwned>(&self, name: &str, key: Key) -> Option<T> {
        self.kept
            .get(name)
            .filter(|(k, _)| *k == key)
            .and_then(|(_, bytes)| store::decode(bytes).ok())
    }

    /// Keeps what was found in file `name` with content `key`.
    pub fn put<T: Serialize>(&self, name: &str, key: Key, value: &T) {
        if let Ok(bytes) = store::encode(value) {
            if let Ok(mut found) = self.found.lock() {
                found.push((name.to_string(), key, bytes));
            }
        }
    }

    /// Writes the memo of the files `names` (the others are gone), if it
    /// changed; a failure costs only time.
    pub fn save(self, names: &[&str]) {
        let Some(path) = &self.path else { return };
        let found = self.found.into_inner().unwrap_or_default();
        let same =
            names.len() == self.kept.len() && names.iter().all(|n| self.kept.contains_key(*n));
        if found.is_empty() && same {
            return;
        }
        let mut kept = self.kept;
        for (name, key, bytes) in found {
            kept.insert(name, (key, bytes));
        }
        let names: std::collections::HashSet<&str> = names.iter().copied().collect();
        kept.retain(|name, _| names.contains(name.as_str()));
        let mut entries: Vec<(String, Key, Vec<u8>)> = kept
            .into_iter()
            .map(|(name, (key, bytes))| (name, key, bytes))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let (Ok(context), Ok(entries)) = (store::encode(&self.context), store::encode(&entries))
        else {
            return;
        };
        let _ = store::write(path, KIND, VERSION, &[&context, &entries]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_come_back_for_the_same_content_only() {
        let dir = tempfile::tempdir().unwrap();
        let context = key(b"minutes.toml");
        let memo = Memo::open(Some(dir.path()), context);
        assert_eq!(memo.get::<String>("a", key(b"one")), None);
        memo.put("a", key(b"one"), &"found".to_string());
        memo.save(&["a"]);
        let memo = Memo::open(Some(dir.path()), context);
        assert_eq!(
            memo.get::<String>("a", key(b"one")).as_deref(),
            Some("found")
        );
        assert_eq!(memo.get::<String>("a", key(b"two")), None);
        assert_eq!(memo.get::<String>("b", key(b"one")), None);
        let other = Memo::open(Some(dir.path()), key(b"another minutes.toml"));
        assert_eq!(other.get::<String>("a", key(b"one")), None);
        // A file gone is forgotten.
        memo.save(&["b"]);
        let memo = Memo::open(Some(dir.path()), context);
        assert_eq!(memo.get::<String>("a", key(b"one")), None);
    }
}
