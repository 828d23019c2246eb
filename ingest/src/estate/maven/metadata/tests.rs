use chrono::NaiveDate;

use super::*;

/// The reference's A level example (maven-jar-plugin on Central), written by
/// hand in the schema's 1.1.0 form with its namespace; the list is shortened.
const JAR_PLUGIN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://maven.apache.org/METADATA/1.1.0" modelVersion="1.1.0">
  <groupId>org.apache.maven.plugins</groupId>
  <artifactId>maven-jar-plugin</artifactId>
  <versioning>
    <latest>3.4.2</latest>
    <release>3.4.2</release>
    <versions>
      <version>2.6</version>
      <version>3.0.0</version>
      <version>3.3.0</version>
      <version>3.4.0</version>
      <version>3.4.1</version>
      <version>3.4.2</version>
    </versions>
    <lastUpdated>20240612101555</lastUpdated>
  </versioning>
</metadata>
"#;

fn at(line: u32, column: u32) -> Position {
    Position { line, column }
}

fn metadata_with_versions(versions: &[&str]) -> Metadata {
    Metadata {
        group_id: "org.springframework".to_owned(),
        artifact_id: "spring-core".to_owned(),
        latest: None,
        release: None,
        versions: versions.iter().map(|v| (*v).to_owned()).collect(),
        last_updated: None,
    }
}

#[test]
fn the_references_artifact_level_example_is_read_whole() {
    let metadata = Metadata::parse(JAR_PLUGIN).expect("the example parses");
    assert_eq!(
        metadata,
        Metadata {
            group_id: "org.apache.maven.plugins".to_owned(),
            artifact_id: "maven-jar-plugin".to_owned(),
            latest: Some("3.4.2".to_owned()),
            release: Some("3.4.2".to_owned()),
            versions: ["2.6", "3.0.0", "3.3.0", "3.4.0", "3.4.1", "3.4.2"]
                .map(str::to_owned)
                .to_vec(),
            last_updated: NaiveDate::from_ymd_opt(2024, 6, 12)
                .and_then(|d| d.and_hms_opt(10, 15, 55)),
        }
    );
}

#[test]
fn a_file_without_namespace_with_snapshots_and_comments_is_read() {
    let xml = "<metadata>\n  <!-- written by hand -->\n  <groupId> fr.paris.lutece </groupId>\
        <artifactId>lutece-core</artifactId><version>8.0.0-SNAPSHOT</version>\
        <versioning><snapshot><timestamp>20261201.101010</timestamp></snapshot>\
        <versions><version>7.0.2</version><version>8.0.0-SNAPSHOT</version></versions>\
        </versioning><plugins/></metadata>";
    let metadata = Metadata::parse(xml).expect("parses");
    assert_eq!(metadata.group_id, "fr.paris.lutece");
    assert_eq!(metadata.versions, ["7.0.2", "8.0.0-SNAPSHOT"]);
    assert_eq!(
        (metadata.latest, metadata.release, metadata.last_updated),
        (None, None, None)
    );
}

#[test]
fn broken_xml_is_refused_with_its_position() {
    let error = Metadata::parse("<metadata>\n  <groupId>org.x</artifactId>\n</metadata>")
        .expect_err("broken XML");
    let MetadataError::NotXml { at, .. } = &error else {
        panic!("expected NotXml, got {error:?}");
    };
    assert_eq!(at.line, 2);
    assert!(
        error.to_string().starts_with("not well-formed XML at 2:"),
        "{error}"
    );
}

#[test]
fn another_root_element_is_refused() {
    let error = Metadata::parse("<project><groupId>x</groupId></project>").expect_err("a pom");
    assert_eq!(
        error.to_string(),
        "the root element at 1:1 is <project>, not <metadata>"
    );
}

#[test]
fn missing_coordinates_or_versioning_are_named_with_the_parent_position() {
    let no_artifact = "<metadata>\n<groupId>g</groupId><versioning/></metadata>";
    assert_eq!(
        Metadata::parse(no_artifact),
        Err(MetadataError::Missing {
            path: "artifactId",
            at: at(1, 1)
        })
    );
    let no_versioning = "<metadata><groupId>g</groupId><artifactId>a</artifactId></metadata>";
    assert_eq!(
        Metadata::parse(no_versioning).map_err(|e| e.to_string()),
        Err("<versioning> is missing from the element at 1:1".to_owned())
    );
}

#[test]
fn an_empty_version_or_a_repeated_release_is_refused_where_it_stands() {
    let empty = "<metadata><groupId>g</groupId><artifactId>a</artifactId>\n<versioning>\
        <versions>\n  <version> </version></versions></versioning></metadata>";
    assert_eq!(
        Metadata::parse(empty),
        Err(MetadataError::Empty {
            path: "versioning/versions/version",
            at: at(3, 3)
        })
    );
    let twice = "<metadata><groupId>g</groupId><artifactId>a</artifactId><versioning>\n\
        <release>1</release>\n<release>2</release></versioning></metadata>";
    assert_eq!(
        Metadata::parse(twice),
        Err(MetadataError::Repeated {
            path: "versioning/release",
            first: at(2, 1),
            second: at(3, 1)
        })
    );
}

#[test]
fn last_updated_must_be_fourteen_digits_of_a_real_time() {
    for bad in [
        "2024-06-12",
        "202406121015",
        "20241312101555",
        "2024061210155x",
    ] {
        let xml = format!(
            "<metadata><groupId>g</groupId><artifactId>a</artifactId><versioning>\
             <lastUpdated>{bad}</lastUpdated></versioning></metadata>"
        );
        assert_eq!(
            Metadata::parse(&xml),
            Err(MetadataError::BadTimestamp {
                text: bad.to_owned(),
                at: at(1, 69)
            }),
            "{bad}"
        );
    }
}

#[test]
fn newer_versions_are_the_releases_above_the_declared_one_in_mavens_order() {
    let metadata = metadata_with_versions(&[
        "6.1.9",
        "6.1.10",
        "6.1.11",
        "6.2.0-RC1",
        "6.2.0",
        "6.2.1-SNAPSHOT",
        "6.1.10.RELEASE",
    ]);
    assert_eq!(
        newer_versions(&metadata, "6.1.9"),
        ["6.1.10", "6.1.11", "6.2.0-RC1", "6.2.0"]
    );
    assert_eq!(newer_versions(&metadata, "6.2.0"), Vec::<String>::new());
}

#[test]
fn versions_maven_calls_equal_are_neither_newer_nor_listed_twice() {
    let metadata = metadata_with_versions(&["7.0", "7.0.0", "7.0.1", "7.0.1-ga"]);
    assert_eq!(newer_versions(&metadata, "7"), ["7.0.1"]);
    assert_eq!(newer_versions(&metadata, ""), Vec::<String>::new());
}
