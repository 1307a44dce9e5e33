//! Names for the authenticator models people use most, by AAGUID, so a
//! passkey list can say "iCloud Keychain" rather than nothing. Only the
//! names their makers publish (as gathered in the passkey-authenticator-aaguids
//! list); anything else is listed by whether it syncs.

const KNOWN: &[(&str, &str)] = &[
    (
        "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4",
        "Google Password Manager",
    ),
    ("adce0002-35bc-c60a-648b-0b25f1f05503", "Chrome on Mac"),
    ("fbfc3007-154e-4ecc-8c0b-6e020557d7bd", "iCloud Keychain"),
    (
        "dd4ec289-e01d-41c9-bb89-70fa845d4bf2",
        "iCloud Keychain (managed)",
    ),
    ("08987058-cadc-4b81-b6e1-30de50dcbe96", "Windows Hello"),
    ("9ddd1817-af5a-4672-a2b9-3e3dd95000a9", "Windows Hello"),
    ("6028b017-b1d4-4c02-b4b3-afcdafc96bb2", "Windows Hello"),
    ("bada5566-a7aa-401f-bd96-45619a55120d", "1Password"),
    ("d548826e-79b4-db40-a3d8-11116f7e8349", "Bitwarden"),
    ("531126d6-e717-415c-9320-3d9aa6981239", "Dashlane"),
    ("b84e4048-15dc-4dd0-8640-f4f60813c8af", "NordPass"),
    ("53414d53-554e-4700-0000-000000000000", "Samsung Pass"),
    ("cb69481e-8ff7-4039-93ec-0a2729a154a8", "YubiKey 5"),
    ("ee882879-721c-4913-9775-3dfcce97072a", "YubiKey 5 NFC"),
    ("fa2b99dc-9e39-4257-8f92-4a30d23c4118", "YubiKey 5 NFC"),
];

/// The model's name, for an AAGUID in its usual hyphenated form.
pub fn name(aaguid: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(aaguid))
        .map(|(_, name)| *name)
}

/// The AAGUID in a registration's authenticator data (the 16 bytes after
/// the RP id hash, the flags and the counter), unless it is all zeros: an
/// authenticator that does not say what it is.
pub fn aaguid_of(authenticator_data: &[u8]) -> Option<String> {
    let bytes: [u8; 16] = authenticator_data.get(37..53)?.try_into().ok()?;
    (bytes != [0; 16]).then(|| uuid::Uuid::from_bytes(bytes).hyphenated().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_model_is_named_and_an_anonymous_one_is_not() {
        assert_eq!(
            name("FBFC3007-154E-4ECC-8C0B-6E020557D7BD"),
            Some("iCloud Keychain")
        );
        assert_eq!(name("00000000-0000-0000-0000-000000000001"), None);
        let mut data = vec![0u8; 37];
        data.extend(
            uuid::Uuid::parse_str("bada5566-a7aa-401f-bd96-45619a55120d")
                .unwrap()
                .as_bytes(),
        );
        assert_eq!(
            aaguid_of(&data).as_deref(),
            Some("bada5566-a7aa-401f-bd96-45619a55120d")
        );
        assert_eq!(aaguid_of(&[0u8; 60]), None);
        assert_eq!(aaguid_of(&[0u8; 40]), None);
    }
}
