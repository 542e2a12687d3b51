//! The rules of what gets published: a published meeting has a translation
//! into each of the archive's publication languages (`[publication]
//! languages`), and that translation covers every public item it shows;
//! each lead fits the frames that embed it in prose, in its language.
//!
//! The frames of the built-in phrase tables take a lead as it is, in
//! every position ("The Tuesday teleconference began with {lead}",
//! "Finally, the group turned to {lead}"): in English a noun phrase, in
//! German a noun phrase in the accusative ("ging es um den Krieg"), in
//! Italian a noun phrase that an object or "con" can take. A lead that
//! cannot fit is told by its first word; that is all these rules read.
//! Warnings only: a draft still renders. None reads a file.

use std::path::Path;

use super::{ParsedOverlay, Rules};
use crate::diagnostic::Diagnostic;
use crate::history::language_name;
use crate::id::{Lang, MeetingId};
use crate::meeting::Status;
use crate::translation;

/// What a lead in one language must not start with, and why.
struct LeadRule {
    lang: &'static str,
    /// Words (lower case) that make the lead fit no frame.
    never_first: &'static [&'static str],
    why: &'static str,
    /// Determiners that start a lead in lower case, mid-sentence.
    determiners: &'static [&'static str],
}

const LEAD_RULES: &[LeadRule] = &[
    LeadRule {
        lang: "en",
        never_first: &[
            "about",
            "on",
            "with",
            "to",
            "of",
            "for",
            "regarding",
            "concerning",
        ],
        why: "the English frames take the lead as a noun phrase (\"began with the situation in Congo\", \"turned to a look at ...\")",
        determiners: &["the", "a", "an", "some"],
    },
    LeadRule {
        lang: "de",
        never_first: &[
            "dem", "der", "des", "einem", "einer", "eines", "einigen", "diesem", "dieser", "zur",
            "zum", "im", "am", "vom", "beim", "mit", "über", "um", "von", "zu",
        ],
        why: "the German frames take the lead in the accusative (\"ging es um die Lage im Kongo\", \"sprach die Runde über den Krieg\", \"einige Anmerkungen\")",
        determiners: &[
            "die", "der", "das", "den", "dem", "ein", "eine", "einen", "einige",
        ],
    },
    LeadRule {
        lang: "it",
        never_first: &[
            "a", "ad", "al", "allo", "alla", "ai", "agli", "alle", "all'", "di", "del", "dello",
            "della", "dell'", "da", "dal", "dallo", "dalla", "dai", "dagli", "dalle", "dall'",
            "in", "nel", "nello", "nella", "nei", "negli", "nelle", "nell'", "su", "sul", "sullo",
            "sulla", "sui", "sugli", "sulle", "sull'", "con", "per", "tra", "fra",
        ],
        why: "the Italian frames take the lead as an object or after \"con\" (\"ha affrontato la situazione in Congo\"), so it starts with its article, not a preposition",
        determiners: &[
            "il", "lo", "la", "i", "gli", "le", "l'", "un", "uno", "una", "un'",
        ],
    },
];

/// Why `lead`, in `lang`, will not read right in a frame; none when it
/// will, or when the language has no rule.
pub(super) fn lead_problem(lead: &str, lang: &str) -> Option<(String, String)> {
    let lead = lead.trim();
    if lead.ends_with(['.', '!', '?', ';', ':']) {
        return Some((
            "the lead ends with a punctuation mark, but the article sets it inside a sentence"
                .into(),
            "end the lead with its last word: the frame adds the full stop".into(),
        ));
    }
    let primary = lang.split('-').next().unwrap_or(lang);
    let rule = LEAD_RULES.iter().find(|r| r.lang == primary)?;
    let first = first_word(lead);
    let lower = first.to_lowercase();
    if rule.never_first.contains(&lower.as_str()) {
        return Some((
            format!("the lead starts with \"{first}\", which does not fit the article's frames"),
            format!("{}; write the lead so", rule.why),
        ));
    }
    if first != lower && rule.determiners.contains(&lower.as_str()) {
        return Some((
            format!(
                "the lead starts with a capital \"{first}\", but the article sets it inside a sentence"
            ),
            format!("write \"{lower}\""),
        ));
    }
    None
}

/// The first word of `text`, with an elided article's apostrophe ("l'").
fn first_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || *c == '\'' || *c == '’' || *c == ',')
        .map_or(text.len(), |(i, c)| {
            if c == '\'' || c == '’' {
                i + c.len_utf8()
            } else {
                i
            }
        });
    &text[..end]
}

impl Rules<'_> {
    /// Each lead of the meeting fits the frames of the archive's language.
    pub(super) fn leads(&mut self) {
        let Some(lang) = self.config.map(|c| c.language()) else {
            return;
        };
        let m = &self.record.meeting;
        let found: Vec<(usize, (String, String))> = m
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| Some((i, lead_problem(item.lead.as_deref()?, &lang)?)))
            .collect();
        for (i, (message, help)) in found {
            self.warn(&format!("items[{i}].lead"), message, Some(help));
        }
    }

    /// A published meeting has a translation into each publication
    /// language; `present` are the translations beside the meetings.
    pub(super) fn translations(&mut self, present: &[(MeetingId, Lang)]) {
        let Some(config) = self.config else {
            return;
        };
        if self.record.meeting.status != Status::Published {
            return;
        }
        let id = &self.record.id;
        let missing: Vec<Lang> = config
            .publication_languages()
            .into_iter()
            .filter(|lang| !present.iter().any(|(i, l)| i == id && l == lang))
            .collect();
        for lang in missing {
            let file = id.overlay_path(&lang);
            self.warn(
                "status",
                format!(
                    "{id} is published, but has no {} translation ({} is missing)",
                    language_name(&lang),
                    file.display()
                ),
                Some(format!(
                    "translate it into {} (see README, \"Templates and languages\"), or take \"{lang}\" out of [publication] languages in minutes.toml",
                    file.display()
                )),
            );
        }
    }
}

/// A translation of a published meeting into a publication language
/// covers every public item that was discussed; each of its leads fits.
pub(super) fn overlay(
    record: Option<&crate::archive::Record>,
    parsed: &ParsedOverlay,
    file: &Path,
    lang: &Lang,
    publish: &[Lang],
    out: &mut Vec<Diagnostic>,
) {
    let ParsedOverlay {
        text,
        overlay,
        spans,
    } = parsed;
    for (id, item) in &overlay.items {
        let Some((message, help)) = item.lead.as_deref().and_then(|l| lead_problem(l, lang)) else {
            continue;
        };
        let span = spans.get(&format!("items.{id}.lead")).unwrap_or(0..0);
        out.push(
            Diagnostic::at(file, text, span, message)
                .with_help(help)
                .warning(),
        );
    }
    let Some(record) = record else {
        return;
    };
    let meeting = &record.meeting;
    if meeting.status != Status::Published || !publish.contains(lang) {
        return;
    }
    let language = language_name(lang);
    for item in meeting.public_items().filter(|i| i.discussed) {
        let lacks = translation::lacks(item, overlay.items.get(&item.id));
        if lacks.is_empty() {
            continue;
        }
        let parts = crate::diff::join_and(&lacks);
        let (span, message, help) = match overlay.items.get(&item.id) {
            Some(_) => (
                spans.get(&format!("items.{}", item.id)).unwrap_or(0..0),
                format!(
                    "the {language} translation of the published meeting {} does not translate the {parts} of item \"{}\": the item would show untranslated",
                    record.id, item.id
                ),
                format!("add the {parts} in {language} under [items.{}]", item.id),
            ),
            None => (
                0..0,
                format!(
                    "the {language} translation of the published meeting {} leaves out item \"{}\": it would show untranslated",
                    record.id, item.id
                ),
                format!("add [items.{}] with its {parts} in {language}", item.id),
            ),
        };
        out.push(
            Diagnostic::at(file, text, span, message)
                .with_help(help)
                .warning(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::lead_problem;

    #[test]
    fn leads_that_fit_every_frame_pass() {
        for (lead, lang) in [
            ("the situation in Congo", "en"),
            ("a look at the new American rule", "en"),
            ("die Lage im Kongo", "de"),
            ("den Vormarsch der M23-Rebellen auf Goma", "de"),
            ("einige Anmerkungen zur Vorstellung von DeepSeek-R1", "de"),
            ("la situazione in Congo", "it"),
            ("l'avanzata dei ribelli", "it"),
            ("DeepSeek and the open models", "en"),
            ("anything at all", "fr"),
        ] {
            assert_eq!(lead_problem(lead, lang), None, "{lead}");
        }
    }

    #[test]
    fn leads_in_the_wrong_case_or_shape_are_told() {
        for (lead, lang, said) in [
            ("einigen Anmerkungen zur Vorstellung", "de", "\"einigen\""),
            ("dem Krieg im Osten", "de", "\"dem\""),
            ("der Krieg im Osten", "de", "\"der\""),
            ("alla situazione in Congo", "it", "\"alla\""),
            ("dell'avanzata", "it", "\"dell'\""),
            ("about the situation", "en", "\"about\""),
            ("The situation in Congo", "en", "capital \"The\""),
            ("Die Lage im Kongo", "de", "capital \"Die\""),
            ("the situation in Congo.", "en", "punctuation"),
        ] {
            let (message, _) = lead_problem(lead, lang).unwrap_or_else(|| panic!("{lead}"));
            assert!(message.contains(said), "{lead}: {message}");
        }
    }
}
