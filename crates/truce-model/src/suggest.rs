//! "Did you mean …?": the one suggestion rule of every truce error message (region and sector
//! codes, scenario keys, units, dataset names).
//!
//! The distance is the optimal-string-alignment distance of the `strsim` crate (Levenshtein plus
//! adjacent transpositions, so `CNH` is one edit from `CHN`), on lower-cased names. A candidate is
//! suggested when it is a plausible typo (distance at most a third of the longer name, at least 1)
//! or when one name contains the other (`rate` → `rate_pct`, `EU` → `EU27`); a containing
//! candidate beats a merely close one, then the smaller distance wins, then the earlier
//! candidate.

/// The candidate `word` most plausibly meant, if any.
///
/// # Example
/// ```
/// use truce_model::suggest::closest;
/// assert_eq!(closest("CHA", ["USA", "CHN", "CAN"]), Some("CHN"));
/// assert_eq!(closest("CNH", ["USA", "CHN"]), Some("CHN"));
/// assert_eq!(closest("rate", ["rate_pct", "date"]), Some("rate_pct"));
/// assert_eq!(closest("zzzzzz", ["USA", "CHN"]), None);
/// ```
pub fn closest<'a, I: IntoIterator<Item = &'a str>>(word: &str, candidates: I) -> Option<&'a str> {
    let lw = word.to_lowercase();
    let mut best: Option<(&str, (bool, usize))> = None;
    for c in candidates {
        let lc = c.to_lowercase();
        let d = strsim::osa_distance(&lw, &lc);
        let limit = (lw.chars().count().max(lc.chars().count()) / 3).max(1);
        let contained = !lw.is_empty() && (lc.contains(&lw) || lw.contains(&lc));
        if d > limit && !contained {
            continue;
        }
        let score = (!contained, d);
        match best {
            Some((_, b)) if b <= score => {}
            _ => best = Some((c, score)),
        }
    }
    best.map(|(c, _)| c)
}

/// `" (did you mean `X`?)"` when [`closest`] finds a candidate, else an empty string: ready to
/// append to an error message.
///
/// # Example
/// ```
/// use truce_model::suggest::did_you_mean;
/// assert_eq!(did_you_mean("MACHINES", ["MACHINERY", "METALS"]), " (did you mean `MACHINERY`?)");
/// assert_eq!(did_you_mean("qqq", ["USA"]), "");
/// ```
pub fn did_you_mean<'a, I: IntoIterator<Item = &'a str>>(word: &str, candidates: I) -> String {
    closest(word, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos_and_containment_only() {
        assert_eq!(closest("CHA", ["USA", "CHN", "CAN"]), Some("CHN"));
        assert_eq!(closest("usa", ["USA"]), Some("USA"));
        assert_eq!(closest("CNH", ["CHN", "CAN"]), Some("CHN"));
        assert_eq!(closest("rate", ["rate_pct", "change_pp"]), Some("rate_pct"));
        assert_eq!(closest("EU", ["USA", "EU27"]), Some("EU27"));
        assert_eq!(
            closest("MACHINES", ["MACHINERY", "METALS"]),
            Some("MACHINERY")
        );
        assert_eq!(closest("BRAZIL", ["USA", "CHN", "EU27"]), None);
        assert_eq!(closest("zzzzzz", ["USA", "CHN"]), None);
        assert_eq!(closest("", ["USA"]), None);
        // Ties go to the earlier candidate.
        assert_eq!(closest("CAX", ["CAN", "CAD"]), Some("CAN"));
    }
}
