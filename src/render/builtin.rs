//! The built-in templates and phrase tables, compiled into the binary.
//!
//! The list is written by hand so that adding a file to `templates/` is a
//! visible change here; a unit test fails when the two disagree.

/// Built-in templates, by name (`<kind>.<format>`; partials start with `_`).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("_base.html", include_str!("../../templates/_base.html")),
    (
        "_published.html",
        include_str!("../../templates/_published.html"),
    ),
    (
        "_published.md",
        include_str!("../../templates/_published.md"),
    ),
    (
        "_published.txt",
        include_str!("../../templates/_published.txt"),
    ),
    (
        "_site-head.html",
        include_str!("../../templates/_site-head.html"),
    ),
    (
        "_site-nav.html",
        include_str!("../../templates/_site-nav.html"),
    ),
    ("_style.css", include_str!("../../templates/_style.css")),
    ("agenda.html", include_str!("../../templates/agenda.html")),
    ("agenda.md", include_str!("../../templates/agenda.md")),
    ("agenda.txt", include_str!("../../templates/agenda.txt")),
    ("article.html", include_str!("../../templates/article.html")),
    ("article.md", include_str!("../../templates/article.md")),
    ("article.txt", include_str!("../../templates/article.txt")),
    ("dossier.html", include_str!("../../templates/dossier.html")),
    ("dossier.md", include_str!("../../templates/dossier.md")),
    ("dossier.txt", include_str!("../../templates/dossier.txt")),
    ("generic.md", include_str!("../../templates/generic.md")),
    ("minutes.html", include_str!("../../templates/minutes.html")),
    ("minutes.md", include_str!("../../templates/minutes.md")),
    ("minutes.txt", include_str!("../../templates/minutes.txt")),
    (
        "nodejs-tsc.md",
        include_str!("../../templates/nodejs-tsc.md"),
    ),
    (
        "rust-council.md",
        include_str!("../../templates/rust-council.md"),
    ),
    (
        "site-decisions.html",
        include_str!("../../templates/site-decisions.html"),
    ),
    (
        "site-index.html",
        include_str!("../../templates/site-index.html"),
    ),
    (
        "site-sources.html",
        include_str!("../../templates/site-sources.html"),
    ),
    (
        "site-topics.html",
        include_str!("../../templates/site-topics.html"),
    ),
    ("w3c-wecg.md", include_str!("../../templates/w3c-wecg.md")),
];

/// Built-in phrase tables, by language (`templates/lang/<lang>.toml`).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("de", include_str!("../../templates/lang/de.toml")),
    ("en", include_str!("../../templates/lang/en.toml")),
    ("it", include_str!("../../templates/lang/it.toml")),
];

/// A built-in file by its name in `templates/`: a template, or a phrase
/// table as `lang/<lang>.toml`.
pub fn file(name: &str) -> Option<&'static str> {
    match name
        .strip_prefix("lang/")
        .and_then(|n| n.strip_suffix(".toml"))
    {
        Some(lang) => language(lang),
        None => TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s),
    }
}

/// Every built-in file name, templates first, then `lang/<lang>.toml`.
pub fn names() -> impl Iterator<Item = String> {
    let templates = TEMPLATES.iter().map(|(n, _)| n.to_string());
    templates.chain(LANGUAGES.iter().map(|(l, _)| format!("lang/{l}.toml")))
}

pub fn language(lang: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|(l, _)| *l == lang).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn names_in(dir: &Path, suffix: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().unwrap().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter_map(|n| n.strip_suffix(suffix).map(str::to_string))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_lists_match_the_templates_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let listed: Vec<_> = super::TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        assert_eq!(listed, names_in(&root, ""));
        let langs: Vec<_> = super::LANGUAGES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        assert_eq!(langs, names_in(&root.join("lang"), ".toml"));
    }

    #[test]
    fn every_built_in_language_has_every_phrase() {
        let keys = |text: &str| {
            let table: toml::Table = text.parse().unwrap();
            table
                .keys()
                .filter(|k| !super::super::phrases::GRAMMAR.contains(&k.as_str()))
                .cloned()
                .collect::<Vec<_>>()
        };
        let (_, english) = super::LANGUAGES.iter().find(|(l, _)| *l == "en").unwrap();
        for (lang, text) in super::LANGUAGES {
            assert_eq!(keys(text), keys(english), "the phrases of {lang}");
        }
    }
}
