//! Region codes: the alias table that maps codes used by sources to truce's codes, and
//! "did you mean" suggestions that know it.
//!
//! truce uses ISO 3166-1 alpha-3 codes where one exists, `EU27` for the European Union (27
//! members since 2020), `ROW` for the rest of the world, and aggregate codes a dataset's
//! manifest declares.

/// (source code, truce code, where the source code is used).
pub const REGION_ALIASES: &[(&str, &str, &str)] = &[
    ("ROM", "ROU", "WIOD 2013 uses ROM for Romania"),
    (
        "US",
        "USA",
        "two-letter code; also Ossa (2014)'s region name",
    ),
    ("UK", "GBR", "common abbreviation"),
    ("EU", "EU27", "Ossa (2014) region name 'EU'"),
    (
        "EU28",
        "EU27",
        "pre-2020 European Union (includes GBR): check the members",
    ),
    ("Brazil", "BRA", "Ossa (2014) region name"),
    ("China", "CHN", "Ossa (2014) region name"),
    ("India", "IND", "Ossa (2014) region name"),
    ("Japan", "JPN", "Ossa (2014) region name"),
    ("United States", "USA", "name"),
    ("RoW", "ROW", "capitalisation"),
    ("Rest of World", "ROW", "name"),
    ("Taiwan", "TWN", "name"),
    ("TAP", "TWN", "Chinese Taipei in WTO tables"),
];

/// The truce code for a source's region code, if the alias table knows it (exact match, then
/// case-insensitive).
///
/// # Example
/// ```
/// assert_eq!(truce_data::canonical_region("ROM"), Some("ROU"));
/// assert_eq!(truce_data::canonical_region("china"), Some("CHN"));
/// assert_eq!(truce_data::canonical_region("XYZ"), None);
/// ```
pub fn canonical_region(code: &str) -> Option<&'static str> {
    REGION_ALIASES
        .iter()
        .find(|(from, _, _)| *from == code)
        .or_else(|| {
            REGION_ALIASES
                .iter()
                .find(|(from, _, _)| from.eq_ignore_ascii_case(code))
        })
        .map(|(_, to, _)| *to)
}

/// The closest candidate to `word`: the alias target when the alias table knows `word` and the
/// target is a candidate, otherwise truce's one suggestion rule
/// ([`truce_model::suggest::closest`]: a plausible typo or a name containing the other).
///
/// # Example
/// ```
/// let codes = ["USA", "CHN", "EU27"];
/// assert_eq!(truce_data::suggest("CHA", codes.iter().copied()), Some("CHN".to_string()));
/// assert_eq!(truce_data::suggest("China", codes.iter().copied()), Some("CHN".to_string()));
/// assert_eq!(truce_data::suggest("BRAZIL", codes.iter().copied()), None);
/// ```
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let cands: Vec<&str> = candidates.into_iter().collect();
    if let Some(alias) = canonical_region(word) {
        if cands.contains(&alias) {
            return Some(alias.to_string());
        }
    }
    truce_model::suggest::closest(word, cands).map(str::to_string)
}

/// " (did you mean `X`?)" or "".
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggest(word, candidates)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}
