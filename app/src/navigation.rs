/// Where to go after signing in: only a path on this site, never another origin.
///
/// Browsers treat `//host`, `/\host` and anything with a scheme as absolute,
/// so only a single leading slash followed by a harmless character passes.
pub fn safe_next(next: Option<&str>) -> String {
    const DEFAULT: &str = "/profile";
    let Some(next) = next.map(str::trim).filter(|next| !next.is_empty()) else {
        return DEFAULT.to_string();
    };
    let mut chars = next.chars();
    let starts_with_single_slash =
        chars.next() == Some('/') && !matches!(chars.next(), Some('/') | Some('\\'));
    let has_no_control_or_backslash = !next.chars().any(|c| c.is_control() || c == '\\');
    if starts_with_single_slash && has_no_control_or_backslash {
        next.to_string()
    } else {
        DEFAULT.to_string()
    }
}

/// `key=value&…` with every value percent-encoded; empty values are left out.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{query_string, safe_next};

    #[test]
    fn query_values_are_encoded_and_empty_ones_dropped() {
        assert_eq!(
            query_string(&[("email", "a+b@x.io"), ("next", ""), ("to", "/p?q=1")]),
            "email=a%2Bb%40x.io&to=%2Fp%3Fq%3D1"
        );
    }

    #[test]
    fn same_site_paths_are_kept() {
        assert_eq!(safe_next(Some("/profile")), "/profile");
        assert_eq!(
            safe_next(Some("/admin/users?page=2")),
            "/admin/users?page=2"
        );
    }

    #[test]
    fn anything_that_could_leave_the_site_falls_back_to_the_profile() {
        for next in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/\t/evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(next)), "/profile", "{next:?}");
        }
        assert_eq!(safe_next(None), "/profile");
    }
}
