//! Issue references in titles: "Merge the two working groups
//! [#31](https://github.com/org/repo/issues/31)" is the title "Merge the
//! two working groups" with the reference to issue 31; so are
//! `"Title" council#52` and "[Issue 64](...): Title".
//!
//! Only links that name an issue or pull request (by their address, or by
//! text such as `#31`, `repo#31`, `PR 75`) are taken; any other link
//! stays in the title as it was written.

use crate::meeting::Ref;

/// A title with its leading and trailing references taken out.
#[derive(Debug, PartialEq, Eq)]
pub struct Titled {
    pub title: String,
    pub refs: Vec<String>,
}

/// Splits `text` (one line of Markdown) into its title and references.
/// With `bare`, a bare `repo#N` is a reference too, left for [`qualify`]
/// to give its owner. A text that is nothing but a reference stays the
/// title as it is, so that no item is left untitled.
pub fn split(text: &str, bare: bool) -> Titled {
    let owner = bare.then_some("");
    let mut rest = text.trim();
    let mut refs = Vec::new();
    // Leading: "[Issue 64](url): Title", "[PR 1](a), [Issue 2](b): Title".
    let mut leading = Vec::new();
    let mut probe = rest;
    while let Some((reference, after)) = first_ref(probe, owner) {
        leading.push(reference);
        probe = after.trim_start();
        if let Some(after) = probe.strip_prefix(',').or_else(|| probe.strip_prefix('&')) {
            probe = after.trim_start();
            continue;
        }
        if let Some(after) = probe.strip_prefix(':') {
            if !after.trim().is_empty() {
                refs.append(&mut leading);
                rest = after.trim();
            }
        }
        break;
    }
    // Trailing: "Title [#31](url)", "Title (#31)", "Title council#52".
    let mut trailing = Vec::new();
    while let Some((reference, before)) = last_ref(rest, owner) {
        let before = before
            .trim_end()
            .trim_end_matches([',', ';', '-', '–', '|']);
        if before.trim().is_empty() {
            break;
        }
        trailing.push(reference);
        rest = before.trim_end();
    }
    trailing.reverse();
    refs.extend(trailing);
    Titled {
        title: rest.to_string(),
        refs,
    }
}

/// A reference at the start of `text`, and what follows it.
fn first_ref<'a>(text: &'a str, owner: Option<&str>) -> Option<(String, &'a str)> {
    let (label, url, len) = link_at(text)?;
    let reference = reference(label, url, owner)?;
    Some((reference, &text[len..]))
}

/// A reference at the end of `text`, and what precedes it.
fn last_ref<'a>(text: &'a str, owner: Option<&str>) -> Option<(String, &'a str)> {
    let text = text.trim_end();
    // A Markdown link `[label](url)`.
    if text.ends_with(')') {
        if let Some(start) = text.rfind("](").and_then(|close| link_start(text, close)) {
            if let Some((label, url, len)) = link_at(&text[start..]) {
                if start + len == text.len() {
                    return reference(label, url, owner).map(|r| (r, &text[..start]));
                }
            }
        }
    }
    // "(...)" around a reference.
    if let Some(inner) = text.strip_suffix(')') {
        if let Some(open) = matching_open(inner).filter(|&o| !inner[..o].ends_with(']')) {
            let inside = inner[open + 1..].trim();
            let inside = inside.trim_start_matches('<').trim_end_matches('>');
            let whole = last_ref(inside, owner)
                .filter(|(_, before)| before.trim().is_empty())
                .map(|(r, _)| r)
                .or_else(|| reference("", inside, owner))
                .or_else(|| bare(inside, owner));
            if let Some(reference) = whole {
                return Some((reference, &text[..open]));
            }
        }
    }
    // `<https://...>` or a bare word.
    // White space can be wider than a byte (U+2029 in text pasted from a
    // document).
    let cut = text
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &text[cut..];
    let inner = word.trim_start_matches('<').trim_end_matches('>');
    reference("", inner, owner)
        .filter(|_| inner.starts_with("http"))
        .or_else(|| bare(inner, owner))
        .map(|r| (r, &text[..cut]))
}

/// The `[` that opens the link whose `](` is at `close`.
fn link_start(text: &str, close: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text[..close].char_indices().rev() {
        match c {
            ']' => depth += 1,
            '[' if depth == 0 => return Some(i),
            '[' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn matching_open(inner: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in inner.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some(i),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A Markdown link at the start of `text`: its label, address and length.
pub fn link_at(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix('[')?;
    let mut depth = 0i32;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(i);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let url = after[..end].trim();
    let url = url.split_whitespace().next().unwrap_or(url);
    Some((&rest[..close], url, 1 + close + 2 + end + 1))
}

/// The reference a link makes, when its address or label names an issue.
fn reference(label: &str, url: &str, owner: Option<&str>) -> Option<String> {
    let url = url.trim_start_matches('<').trim_end_matches('>');
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http") {
        let issue = ["/issues/", "/pull/", "/pulls/", "/discussions/"]
            .iter()
            .any(|part| lower.contains(part))
            && url
                .trim_end_matches('/')
                .ends_with(|c: char| c.is_ascii_digit())
            || lower.contains("/issues/") && lower.contains("#issuecomment");
        let named = label_is_ref(label);
        return (issue || named)
            .then(|| Ref::parse(url).map(|_| url.to_string()))
            .flatten();
    }
    let _ = owner;
    None
}

/// Whether a link's label reads as a reference: `#31`, `repo#31`,
/// `Issue 64`, `PR 75`, `31`.
fn label_is_ref(label: &str) -> bool {
    let label = label.trim().trim_matches('`');
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if number(label) || label.strip_prefix('#').is_some_and(number) {
        return true;
    }
    if let Some((_, n)) = label.rsplit_once('#') {
        return number(n);
    }
    let lower = label.to_ascii_lowercase();
    ["issue ", "pr ", "pull request "]
        .iter()
        .any(|p| lower.strip_prefix(p).is_some_and(|n| number(n.trim())))
}

/// A bare `owner/repo#N`, or `repo#N` completed with `owner`.
fn bare(word: &str, owner: Option<&str>) -> Option<String> {
    let word = word.trim_matches(|c: char| c == '`' || c == ',' || c == '.');
    let (repo, n) = word.split_once('#')?;
    if repo.is_empty() || n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if repo.contains('/') {
        return Ref::parse(word).map(|_| word.to_string());
    }
    owner?;
    Ref::parse(&format!("owner/{repo}#{n}")).map(|_| format!("{repo}#{n}"))
}

/// `repo#N` with its owner: the one of an address of that issue in
/// `notes` (a "Link:" line under the heading), else `owner`; none when
/// neither says.
pub fn qualify(reference: &str, notes: &str, owner: Option<&str>) -> Option<String> {
    let Some((repo, n)) = reference.split_once('#').filter(|(r, _)| !r.contains('/')) else {
        return Some(reference.to_string());
    };
    let found = notes
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>'))
        .find_map(|word| {
            let path = word.strip_prefix("https://github.com/")?;
            let mut parts = path.split('/');
            let (who, name, kind, number) =
                (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            (name.eq_ignore_ascii_case(repo) && matches!(kind, "issues" | "pull") && number == n)
                .then(|| who.to_string())
        });
    let owner = found.or_else(|| owner.map(str::to_string))?;
    Some(format!("{owner}/{repo}#{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str, bare: bool) -> (String, Vec<String>) {
        let t = split(text, bare);
        (t.title, t.refs)
    }

    #[test]
    fn a_title_with_wide_white_space_before_its_last_word_is_read() {
        let (title, refs) = parts(
            "Vote: three nominees,\u{2029}see https://github.com/org/board/issues/7",
            false,
        );
        assert_eq!(title, "Vote: three nominees,\u{2029}see");
        assert_eq!(refs, ["https://github.com/org/board/issues/7"]);
        let (title, refs) = parts("Vote\u{2029}tomorrow .", false);
        assert_eq!(title, "Vote\u{2029}tomorrow .");
        assert!(refs.is_empty());
    }

    #[test]
    fn trailing_links_to_issues_become_references() {
        let (title, refs) = parts(
            "charter: new voting rules [#142](https://github.com/org/board/pull/142)",
            false,
        );
        assert_eq!(title, "charter: new voting rules");
        assert_eq!(refs, ["https://github.com/org/board/pull/142"]);
        let (title, refs) = parts("\"Update on the budget\" council#178", true);
        assert_eq!(title, "\"Update on the budget\"");
        assert_eq!(refs, ["council#178"]);
        let link = "- **Link:** https://github.com/kestrel/council/issues/178";
        assert_eq!(
            qualify("council#178", link, Some("acme")).as_deref(),
            Some("kestrel/council#178")
        );
        assert_eq!(
            qualify("council#178", "", Some("acme")).as_deref(),
            Some("acme/council#178")
        );
        assert_eq!(qualify("council#178", "", None), None);
        let (title, refs) = parts(
            "Invite a guest (<https://github.com/org/tc/issues/403>)",
            false,
        );
        assert_eq!(title, "Invite a guest");
        assert_eq!(refs, ["https://github.com/org/tc/issues/403"]);
    }

    #[test]
    fn leading_references_end_with_a_colon() {
        let (title, refs) = parts(
            "[Issue 64](https://github.com/org/ext/issues/64): Add a root node",
            false,
        );
        assert_eq!(title, "Add a root node");
        assert_eq!(refs, ["https://github.com/org/ext/issues/64"]);
    }

    #[test]
    fn other_links_and_a_lone_reference_stay_in_the_title() {
        let text = "Read [the guide](https://example.org/guide)";
        assert_eq!(parts(text, false), (text.to_string(), vec![]));
        let lone = "[34895](https://github.com/org/core/pull/34895)";
        assert_eq!(parts(lone, false), (lone.to_string(), vec![]));
        assert_eq!(
            parts("Budget #12", true),
            ("Budget #12".to_string(), vec![])
        );
    }
}
