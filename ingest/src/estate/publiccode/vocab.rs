//! The standard's controlled vocabularies (categories, scopes, `supports`
//! aliases, as of each version) and the ISO code lists its values are
//! checked against: ISO 3166-1 alpha-2 countries and the ISO 639 language
//! codes, from Debian's iso-codes 4.15 (the lists change a few times a
//! decade).

use super::Version;

/// `categories` in 0.2 (`docs/en/categories-list.rst` at `core-0.2`).
const CATEGORIES: &str = "
    accounting agile-project-management applicant-tracking application-development
    appointment-scheduling backup billing-and-invoicing blog budgeting business-intelligence
    business-process-management cad call-center-management cloud-management collaboration
    communications compliance-management contact-management content-management crm
    customer-service-and-support data-analytics data-collection data-visualization
    digital-asset-management digital-citizenship document-management donor-management
    e-commerce e-signature email-management email-marketing employee-management
    enterprise-project-management enterprise-social-networking erp event-management
    facility-management feedback-and-reviews-management financial-reporting fleet-management
    fundraising gamification geographic-information-systems grant-management graphic-design
    help-desk hr ide identity-management instant-messaging inventory-management
    it-asset-management it-development it-management it-security it-service-management
    knowledge-management learning-management-system marketing mind-mapping mobile-marketing
    mobile-payment network-management office online-booking online-community payment-gateway
    payroll predictive-analysis procurement productivity-suite project-collaboration
    project-management property-management real-estate-management remote-support
    resource-management sales-management seo service-desk social-media-management survey
    talent-management task-management taxes-management test-management time-management
    time-tracking translation video-conferencing video-editing visitor-management voip
    warehouse-management web-collaboration web-conferencing website-builder
    workflow-management";

/// The categories each later version added.
const CATEGORIES_ADDED: &[(Version, &str)] = &[
    (Version::V0_3, "educational-content whistleblowing"),
    (
        Version::V0_4,
        "design design-system integrated-library-system regulations-and-directives",
    ),
    (Version::V0_5, "other"),
];

/// `intendedAudience.scope`, unchanged since 0.2.
const SCOPES: &str = "agriculture culture defence education emergency-services employment
    energy environment finance-and-economic-development foreign-affairs government healthcare
    infrastructures justice local-authorities manufacturing research science-and-technology
    security society sport tourism transportation welfare";

/// The `alias:` names of `supports` (0.7, `aliases-list.rst`).
const ALIASES: &str = "gdpr eidas nis2 cra spid cie anpr pagopa io";

/// ISO 3166-1 alpha-2 country codes.
const COUNTRIES: &str = "
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW";

/// Each ISO 639-2 or 639-3 code (`eng`, and the bibliographic `fre`) that
/// has an ISO 639-1 code, followed by that code (`en`): BCP 47 takes the
/// two-letter code where one exists, and these are all there are.
const LANGUAGES: &str = "
    aaraa abkab afraf akaak albsq amham araar argan armhy asmas avaav aveae aymay azeaz bakba
    bambm baqeu belbe benbn bihbh bisbi bodbo bosbs brebr bulbg burmy catca cescs chach chece
    chizh chucu chvcv corkw cosco crecr cymcy czecs danda deude divdv dutnl dzodz ellel engen
    epoeo estet euseu eweee faofo fasfa fijfj finfi frafr frefr fryfy fulff geoka gerde glagd
    glega glggl glvgv greel grngn gujgu hatht hauha hbssh hebhe herhz hinhi hmoho hrvhr hunhu
    hyehy iboig iceis idoio iiiii ikuiu ileie inaia indid ipkik islis itait javjv jpnja kalkl
    kankn kasks katka kaukr kazkk khmkm kikki kinrw kirky komkv konkg korko kuakj kurku laolo
    latla lavlv limli linln litlt ltzlb lublu luglg macmk mahmh malml maomi marmr mayms mkdmk
    mlgmg mltmt monmn mrimi msams myamy nauna navnv nblnr ndend ndong nepne nldnl nnonn nobnb
    norno nyany ocioc ojioj orior ormom ossos panpa perfa plipi polpl porpt pusps quequ rohrm
    ronro rumro runrn rusru sagsg sansa sinsi slksk slosk slvsl smese smosm snasn sndsd somso
    sotst spaes sqisq srdsc srpsr sswss sunsu swasw swesv tahty tamta tattt telte tgktg tgltl
    thath tibbo tirti tonto tsntn tsots tuktk turtr twitw uigug ukruk urdur uzbuz venve vievi
    volvo welcy wlnwa wolwo xhoxh yidyi yoryo zhaza zhozh zulzu";

/// Whether `name` is in the category list of `version`.
pub(super) fn is_category(version: Version, name: &str) -> bool {
    words(CATEGORIES).any(|c| c == name)
        || CATEGORIES_ADDED
            .iter()
            .any(|(since, added)| *since <= version && words(added).any(|c| c == name))
}

/// The version that added a category missing from an earlier version's list.
pub(super) fn category_since(name: &str) -> Option<Version> {
    CATEGORIES_ADDED
        .iter()
        .find(|(_, added)| words(added).any(|c| c == name))
        .map(|(since, _)| *since)
}

/// Whether `name` is an `intendedAudience.scope` value.
pub(super) fn is_scope(name: &str) -> bool {
    words(SCOPES).any(|s| s == name)
}

/// Whether `name` is a `supports` alias.
pub(super) fn is_alias(name: &str) -> bool {
    words(ALIASES).any(|a| a == name)
}

/// Whether `code` (uppercase) is an ISO 3166-1 alpha-2 country code.
pub(super) fn is_country(code: &str) -> bool {
    words(COUNTRIES).any(|c| c == code)
}

/// Whether `code` (lowercase) is an ISO 639-1 language code.
pub(super) fn is_iso_639_1(code: &str) -> bool {
    words(LANGUAGES).any(|pair| pair.get(3..) == Some(code))
}

/// The ISO 639-1 code for a three-letter code (lowercase) that has one.
pub(super) fn iso_639_1_of(three: &str) -> Option<&'static str> {
    words(LANGUAGES)
        .find(|pair| pair.get(..3) == Some(three))
        .and_then(|pair| pair.get(3..))
}

fn words(list: &str) -> impl Iterator<Item = &str> {
    list.split_ascii_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_lists_grow_with_each_version() {
        assert!(is_category(Version::V0_2, "accounting"));
        assert!(!is_category(Version::V0_2, "whistleblowing"));
        assert!(is_category(Version::V0_3, "whistleblowing"));
        assert!(!is_category(Version::V0_4, "other"));
        assert!(is_category(Version::V0_7, "other"));
        assert_eq!(category_since("design-system"), Some(Version::V0_4));
        assert_eq!(words(CATEGORIES).count(), 99);
    }

    #[test]
    fn code_lists_hold_what_they_should() {
        assert_eq!(words(COUNTRIES).count(), 249);
        assert!(is_country("IT") && !is_country("UK") && !is_country("it"));
        assert!(is_iso_639_1("en") && is_iso_639_1("sh") && !is_iso_639_1("xx"));
        assert_eq!(iso_639_1_of("eng"), Some("en"));
        assert_eq!(iso_639_1_of("fre"), Some("fr"));
        assert_eq!(iso_639_1_of("gsw"), None);
    }
}
