//! "Did you mean …?": the closest known name by edit distance.

/// Levenshtein distance between two strings, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo (distance at
/// most a third of the longer name, and at least 1 allowed), or if one contains the other.
/// A candidate that contains the word (or is contained in it) is preferred: `rate` suggests
/// `rate_pct` rather than `date`.
pub fn closest<'a, I: IntoIterator<Item = &'a str>>(word: &str, candidates: I) -> Option<&'a str> {
    let lw = word.to_lowercase();
    let mut best: Option<(&str, (usize, usize))> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        let lc = c.to_lowercase();
        let limit = (word.chars().count().max(c.chars().count()) / 3).max(1);
        let contained = !lw.is_empty() && (lc.contains(&lw) || lw.contains(&lc));
        let score = (usize::from(!contained), d);
        let better = match best {
            None => true,
            Some((_, bs)) => score < bs,
        };
        if (d <= limit || contained) && better {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// `" (did you mean `X`?)"` or an empty string.
pub fn did_you_mean<'a, I: IntoIterator<Item = &'a str>>(word: &str, candidates: I) -> String {
    closest(word, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos_only() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest("CHA", ["USA", "CHN", "CAN"]), Some("CHN"));
        assert_eq!(closest("rate", ["rate_pct", "change_pp"]), Some("rate_pct"));
        assert_eq!(
            closest("MACHINES", ["MACHINERY", "METALS"]),
            Some("MACHINERY")
        );
        assert_eq!(closest("zzzzzz", ["USA", "CHN"]), None);
    }
}
