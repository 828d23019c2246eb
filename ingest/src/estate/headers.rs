//! Licence headers of source files, for the OSPO Alliance's GGI activity
//! "licence headers across repositories" and OW2's MRL share of files
//! without one (docs/estate.md, "Licence headers").
//!
//! - [`is_source()`] decides from a path whether a file is source code,
//!   template or style sheet written by the project (vendored and minified
//!   files aside).
//! - [`header_of()`] decides from the first [`HEAD`] bytes whether a file
//!   carries a licence header: an `SPDX-License-Identifier:` line, or a
//!   copyright together with licence wording anywhere near the top, as
//!   scanners such as ScanCode look for one. A copyright alone is not a
//!   licence header: it says who owns the file, not on what terms others
//!   may use it.

/// How much of a file is looked at: notices sit at the top, and the
/// longest usual one (the BSD licence with its disclaimer, as Lutece's Java
/// files carry it) takes under 2 KiB.
pub const HEAD: usize = 4 * 1024;

/// What a source file's head says about its licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Header {
    /// An `SPDX-License-Identifier:` line: its licence expression as
    /// written (`Apache-2.0`, `EUPL-1.2 OR MIT`).
    Spdx(String),
    /// A licence notice: a copyright with licence wording.
    Notice,
}

impl Header {
    /// `spdx` or `notice`, as stored.
    pub fn kind(&self) -> &'static str {
        match self {
            Header::Spdx(_) => "spdx",
            Header::Notice => "notice",
        }
    }
}

/// Whether files ending in `.extension` (lower case) are source files.
/// Code in a programming language, server pages and templates, style
/// sheets, XSL and SQL: what people write and a comment can open. Data and
/// configuration (XML descriptors and poms, properties and translations,
/// JSON, YAML), documentation and images are left out: the repository's
/// licence file covers them, and scanners do not expect a header in them.
fn is_source_extension(extension: &str) -> bool {
    match extension {
        // The JVM.
        "java" | "kt" | "kts" | "groovy" | "scala" => true,
        // The browser and Node.
        "js" | "mjs" | "cjs" | "jsx" | "ts" | "tsx" | "vue" => true,
        // Server pages and templates (Lutece's `.html` are Freemarker's).
        "jsp" | "jspf" | "tag" | "html" | "htm" | "ftl" | "vm" => true,
        // Style sheets.
        "css" | "scss" | "sass" | "less" => true,
        // Transformations and databases.
        "xsl" | "xslt" | "sql" => true,
        // Scripts.
        "py" | "rb" | "php" | "pl" | "pm" | "sh" | "bash" => true,
        // Other languages (`as`: ActionScript).
        "c" | "h" | "cc" | "cpp" | "hpp" | "cs" | "go" | "rs" | "as" => true,
        _ => false,
    }
}

/// Folders whose files are someone else's or built: dependencies a
/// package manager fetched or a project copied in, and Maven's output.
const VENDORED_FOLDERS: [&str; 4] = ["node_modules", "bower_components", "vendor", "target"];

/// Whether the file at `path` (from the repository's root, with `/`) is a
/// source file whose head is examined: its extension is a source one, it
/// is not minified (`.min.` in its name) and no folder of its path is a
/// vendored one.
pub fn is_source(path: &str) -> bool {
    let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
    let lower = file.to_ascii_lowercase();
    let Some((stem, extension)) = lower.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && is_source_extension(extension)
        && !lower.contains(".min.")
        && !folder
            .split('/')
            .any(|f| VENDORED_FOLDERS.contains(&f.to_ascii_lowercase().as_str()))
}

/// Phrases that grant or name a licence, in words as [`words()`] gives
/// them (lower case, one space between words, `licence` spelt `license`).
const LICENCE_WORDING: [&str; 14] = [
    "redistribution and use",        // BSD
    "licensed under",                // Apache and many others
    "permission is hereby granted",  // MIT
    "permission to use copy modify", // ISC, 0BSD
    "licensed mit",                  // jQuery's short notice
    "mit license",
    "apache license",
    "bsd license",
    "general public license", // GNU GPL, LGPL, AGPL
    "european union public license",
    "mozilla public license",
    "eclipse public license",
    "cecill", // CeCILL, French public bodies' licences
    "common development and distribution license",
];

/// The licence header at the top of a file whose first bytes are `head`
/// (only [`HEAD`] of them are looked at), if it has one. An
/// `SPDX-License-Identifier:` line comes first, whatever else the head
/// says; otherwise the head must hold both the word "copyright" (or ©) and
/// licence wording, wherever they are.
pub fn header_of(head: &[u8]) -> Option<Header> {
    let text = String::from_utf8_lossy(&head[..head.len().min(HEAD)]);
    if let Some(expression) = spdx_expression(&text) {
        return Some(Header::Spdx(expression));
    }
    // Spaces around, so that phrases match whole words only ("submit
    // licenses" names no MIT licence); "copyrights" counts as "copyright".
    let words = format!(" {} ", words(&text));
    let copyright = words.contains(" copyright") || text.contains('©');
    let licensed = LICENCE_WORDING
        .iter()
        .any(|w| words.contains(&format!(" {w} ")));
    (copyright && licensed).then_some(Header::Notice)
}

/// The expression of the first `SPDX-License-Identifier:` line (the tag
/// in any case), without what closes the comment it sits in (`*/`, `-->`,
/// `--%>`); `None` when there is none or it names nothing.
fn spdx_expression(text: &str) -> Option<String> {
    const TAG: &str = "spdx-license-identifier:";
    text.lines().find_map(|line| {
        let at = line.to_ascii_lowercase().find(TAG)?;
        let rest = line[at + TAG.len()..].trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || " .-+:()".contains(c)))
            .unwrap_or(rest.len());
        let expression = rest[..end].trim().trim_end_matches(['-', ' ']);
        (!expression.is_empty()).then(|| expression.to_owned())
    })
}

/// `text` in lower case with every run of characters that are not letters
/// or digits made one space (comment marks and line ends between words
/// vanish), `licence` spelt `license`.
fn words(text: &str) -> String {
    let mut words = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(&word.to_lowercase());
    }
    words.replace("licence", "license")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Option<Header> {
        header_of(text.as_bytes())
    }

    #[test]
    fn source_files_are_code_templates_and_styles_but_not_data_or_vendored_copies() {
        for path in [
            "src/java/fr/paris/lutece/portal/web/Foo.java",
            "webapp/js/admin/plugins/forms/forms.js",
            "webapp/WEB-INF/templates/admin/site/page.html",
            "webapp/jsp/admin/Login.JSP",
            "webapp/css/portal.css",
            "src/sql/plugins/blog/plugin/create_db_blog.sql",
            "scripts/release.sh",
            "Makefile.py",
        ] {
            assert!(is_source(path), "{path}");
        }
        for path in [
            "pom.xml",
            "webapp/WEB-INF/plugins/blog.xml",
            "src/java/fr/paris/lutece/plugins/blog/resources/blog_messages_fr.properties",
            "README.md",
            "webapp/images/logo.svg",
            "webapp/js/jquery.min.js",
            "webapp/css/bootstrap.min.css",
            "webapp/themes/skin/shared/js/vendor/tarteaucitron/tarteaucitron.js",
            "node_modules/lodash/lodash.js",
            "frontend/node_modules/a/index.ts",
            "target/classes/Foo.java",
            ".js",
            "Makefile",
        ] {
            assert!(!is_source(path), "{path}");
        }
    }

    #[test]
    fn lutece_s_bsd_notice_is_a_header() {
        let java = "/*\n * Copyright (c) 2002-2024, City of Paris\n * All rights reserved.\n *\n \
                    * Redistribution and use in source and binary forms, with or without\n \
                    * modification, are permitted provided that the following conditions\n */\n\
                    package fr.paris.lutece.portal.business;\n";
        assert_eq!(header(java), Some(Header::Notice));
    }

    #[test]
    fn spdx_lines_give_their_expression_without_the_comment_s_end() {
        assert_eq!(
            header("// SPDX-License-Identifier: EUPL-1.2\nconst a = 1;\n"),
            Some(Header::Spdx("EUPL-1.2".into()))
        );
        assert_eq!(
            header("/* SPDX-License-Identifier:\tApache-2.0 OR MIT */\n"),
            Some(Header::Spdx("Apache-2.0 OR MIT".into()))
        );
        assert_eq!(
            header("<!-- SPDX-License-Identifier: GPL-3.0-or-later -->\n<html>"),
            Some(Header::Spdx("GPL-3.0-or-later".into()))
        );
        assert_eq!(
            header("<%-- SPDX-License-Identifier: BSD-3-Clause --%>\n"),
            Some(Header::Spdx("BSD-3-Clause".into()))
        );
        assert_eq!(
            header("#!/bin/sh\n# spdx-license-identifier: (MIT AND LicenseRef-Paris)\n"),
            Some(Header::Spdx("(MIT AND LicenseRef-Paris)".into()))
        );
        // A tag naming nothing is no header.
        assert_eq!(header("// SPDX-License-Identifier:\n"), None);
    }

    #[test]
    fn an_spdx_line_wins_over_a_notice_beside_it() {
        let text = "# Copyright 2024 Ville de Paris\n# SPDX-License-Identifier: EUPL-1.2\n\
                    # Licensed under the EUPL\n";
        assert_eq!(header(text), Some(Header::Spdx("EUPL-1.2".into())));
    }

    #[test]
    fn notices_of_the_usual_licences_are_headers() {
        for text in [
            "/*\n * Copyright 2020 Acme\n *\n * Licensed under the Apache License, Version 2.0 \
             (the \"License\");\n */",
            "# Copyright (C) 2023 Ann\n# This program is free software: you can redistribute \
             it under the terms of the GNU General\n# Public License as published by the FSF\n",
            "<!-- Copyright 2021 Commune de X. Licensed under the EUPL -->",
            "/* © 2022 Bob\n * Permission is hereby\n * granted, free of charge, to any person */",
            "-- Copyright 2019 Région\n-- Soumis à la licence CeCILL-B\n",
            "/*! Chart.js\n * Copyright 2015 Nick Downie\n * Released under the MIT license\n */",
            "/*! jQuery UI - v1.11.4\n* Copyright 2015 jQuery Foundation; Licensed MIT */",
            "// Copyright (c) Microsoft Corporation.\n// Permission to use, copy, modify, \
             and/or distribute this software for any purpose\n",
            "/* Copyright 2018 Org\n * This Source Code Form is subject to the terms of the \
             Mozilla Public License, v. 2.0. */",
            "<%-- Copyright 2017 X - European Union Public Licence v. 1.2 --%>",
            "// Copyright 2016 Y. Eclipse Public License - v 2.0\n",
            // The ASF's header, whose copyright is in the NOTICE file.
            "/*\n * Licensed to the Apache Software Foundation (ASF) under one\n * or more \
             contributor license agreements.  See the NOTICE file\n * distributed with this \
             work for additional information\n * regarding copyright ownership.  The ASF \
             licenses this file\n * to you under the Apache License, Version 2.0 (the\n */",
        ] {
            assert_eq!(header(text), Some(Header::Notice), "{text}");
        }
    }

    #[test]
    fn a_copyright_alone_or_licence_wording_alone_is_not_a_header() {
        // Who owns it, not on what terms: no header.
        assert_eq!(
            header("/*\n * Copyright (c) 2002-2024, City of Paris\n * All rights reserved.\n */"),
            None
        );
        assert_eq!(
            header("<copyright>Copyright 2001-2014 Mairie de Paris</copyright>"),
            None
        );
        // Licence wording without anyone's copyright: not a notice either.
        assert_eq!(
            header(
                "/* This Source Code Form is subject to the terms of the Mozilla Public License */"
            ),
            None
        );
        // Phrases match whole words: this submits no MIT licence.
        assert_eq!(
            header("// Copyright 2024 Ann\n// Please submit license questions to Bob\n"),
            None
        );
        assert_eq!(
            header("package fr.paris.lutece;\n\npublic class A {}\n"),
            None
        );
        assert_eq!(header(""), None);
    }

    #[test]
    fn only_the_head_is_looked_at() {
        let mut text = "// Copyright 2024 Ann\n".to_owned();
        text.push_str(&"x".repeat(HEAD));
        text.push_str("\n// Licensed under the MIT License\n");
        assert_eq!(header(&text), None);
        let late_spdx = format!("{}\n// SPDX-License-Identifier: MIT\n", "y".repeat(HEAD));
        assert_eq!(header(&late_spdx), None);
    }

    #[test]
    fn a_head_cut_inside_a_character_or_holding_bytes_that_are_not_text_is_read_all_the_same() {
        let mut bytes = "/* Copyright 2024 Zoé, licensed under the MIT License */\n"
            .as_bytes()
            .to_vec();
        bytes.extend([0, 159, 146, 150]);
        assert_eq!(header_of(&bytes), Some(Header::Notice));
        assert_eq!(header_of(&[0xC3]), None);
    }
}
