//! ISO 3166-1 alpha-2 country list with English and Dutch short names.
//!
//! The table holds all 249 officially assigned ISO 3166-1 alpha-2 codes,
//! plus the user-assigned code `XK` for Kosovo, sorted by code. Each entry
//! carries the English short name and the usual Dutch short name as used by
//! the Dutch government.
//!
//! Use [`country`] to look up an entry by its upper-case alpha-2 code.

/// A country or territory identified by its ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code (upper case), or `XK` for Kosovo.
    pub code: &'static str,
    /// English short name.
    pub name_en: &'static str,
    /// Dutch short name.
    pub name_nl: &'static str,
}

/// All 249 officially assigned ISO 3166-1 alpha-2 codes plus `XK` (Kosovo),
/// strictly sorted by code.
pub static COUNTRIES: &[Country] = &[
    Country {
        code: "AD",
        name_en: "Andorra",
        name_nl: "Andorra",
    },
    Country {
        code: "AE",
        name_en: "United Arab Emirates",
        name_nl: "Verenigde Arabische Emiraten",
    },
    Country {
        code: "AF",
        name_en: "Afghanistan",
        name_nl: "Afghanistan",
    },
    Country {
        code: "AG",
        name_en: "Antigua and Barbuda",
        name_nl: "Antigua en Barbuda",
    },
    Country {
        code: "AI",
        name_en: "Anguilla",
        name_nl: "Anguilla",
    },
    Country {
        code: "AL",
        name_en: "Albania",
        name_nl: "Albanië",
    },
    Country {
        code: "AM",
        name_en: "Armenia",
        name_nl: "Armenië",
    },
    Country {
        code: "AO",
        name_en: "Angola",
        name_nl: "Angola",
    },
    Country {
        code: "AQ",
        name_en: "Antarctica",
        name_nl: "Antarctica",
    },
    Country {
        code: "AR",
        name_en: "Argentina",
        name_nl: "Argentinië",
    },
    Country {
        code: "AS",
        name_en: "American Samoa",
        name_nl: "Amerikaans-Samoa",
    },
    Country {
        code: "AT",
        name_en: "Austria",
        name_nl: "Oostenrijk",
    },
    Country {
        code: "AU",
        name_en: "Australia",
        name_nl: "Australië",
    },
    Country {
        code: "AW",
        name_en: "Aruba",
        name_nl: "Aruba",
    },
    Country {
        code: "AX",
        name_en: "Åland Islands",
        name_nl: "Åland",
    },
    Country {
        code: "AZ",
        name_en: "Azerbaijan",
        name_nl: "Azerbeidzjan",
    },
    Country {
        code: "BA",
        name_en: "Bosnia and Herzegovina",
        name_nl: "Bosnië en Herzegovina",
    },
    Country {
        code: "BB",
        name_en: "Barbados",
        name_nl: "Barbados",
    },
    Country {
        code: "BD",
        name_en: "Bangladesh",
        name_nl: "Bangladesh",
    },
    Country {
        code: "BE",
        name_en: "Belgium",
        name_nl: "België",
    },
    Country {
        code: "BF",
        name_en: "Burkina Faso",
        name_nl: "Burkina Faso",
    },
    Country {
        code: "BG",
        name_en: "Bulgaria",
        name_nl: "Bulgarije",
    },
    Country {
        code: "BH",
        name_en: "Bahrain",
        name_nl: "Bahrein",
    },
    Country {
        code: "BI",
        name_en: "Burundi",
        name_nl: "Burundi",
    },
    Country {
        code: "BJ",
        name_en: "Benin",
        name_nl: "Benin",
    },
    Country {
        code: "BL",
        name_en: "Saint Barthélemy",
        name_nl: "Saint-Barthélemy",
    },
    Country {
        code: "BM",
        name_en: "Bermuda",
        name_nl: "Bermuda",
    },
    Country {
        code: "BN",
        name_en: "Brunei",
        name_nl: "Brunei",
    },
    Country {
        code: "BO",
        name_en: "Bolivia",
        name_nl: "Bolivia",
    },
    Country {
        code: "BQ",
        name_en: "Caribbean Netherlands",
        name_nl: "Caribisch Nederland",
    },
    Country {
        code: "BR",
        name_en: "Brazil",
        name_nl: "Brazilië",
    },
    Country {
        code: "BS",
        name_en: "Bahamas",
        name_nl: "Bahama's",
    },
    Country {
        code: "BT",
        name_en: "Bhutan",
        name_nl: "Bhutan",
    },
    Country {
        code: "BV",
        name_en: "Bouvet Island",
        name_nl: "Bouveteiland",
    },
    Country {
        code: "BW",
        name_en: "Botswana",
        name_nl: "Botswana",
    },
    Country {
        code: "BY",
        name_en: "Belarus",
        name_nl: "Belarus",
    },
    Country {
        code: "BZ",
        name_en: "Belize",
        name_nl: "Belize",
    },
    Country {
        code: "CA",
        name_en: "Canada",
        name_nl: "Canada",
    },
    Country {
        code: "CC",
        name_en: "Cocos (Keeling) Islands",
        name_nl: "Cocoseilanden",
    },
    Country {
        code: "CD",
        name_en: "Congo (Democratic Republic)",
        name_nl: "Congo (Democratische Republiek)",
    },
    Country {
        code: "CF",
        name_en: "Central African Republic",
        name_nl: "Centraal-Afrikaanse Republiek",
    },
    Country {
        code: "CG",
        name_en: "Congo (Republic)",
        name_nl: "Congo (Republiek)",
    },
    Country {
        code: "CH",
        name_en: "Switzerland",
        name_nl: "Zwitserland",
    },
    Country {
        code: "CI",
        name_en: "Côte d'Ivoire",
        name_nl: "Ivoorkust",
    },
    Country {
        code: "CK",
        name_en: "Cook Islands",
        name_nl: "Cookeilanden",
    },
    Country {
        code: "CL",
        name_en: "Chile",
        name_nl: "Chili",
    },
    Country {
        code: "CM",
        name_en: "Cameroon",
        name_nl: "Kameroen",
    },
    Country {
        code: "CN",
        name_en: "China",
        name_nl: "China",
    },
    Country {
        code: "CO",
        name_en: "Colombia",
        name_nl: "Colombia",
    },
    Country {
        code: "CR",
        name_en: "Costa Rica",
        name_nl: "Costa Rica",
    },
    Country {
        code: "CU",
        name_en: "Cuba",
        name_nl: "Cuba",
    },
    Country {
        code: "CV",
        name_en: "Cabo Verde",
        name_nl: "Kaapverdië",
    },
    Country {
        code: "CW",
        name_en: "Curaçao",
        name_nl: "Curaçao",
    },
    Country {
        code: "CX",
        name_en: "Christmas Island",
        name_nl: "Christmaseiland",
    },
    Country {
        code: "CY",
        name_en: "Cyprus",
        name_nl: "Cyprus",
    },
    Country {
        code: "CZ",
        name_en: "Czechia",
        name_nl: "Tsjechië",
    },
    Country {
        code: "DE",
        name_en: "Germany",
        name_nl: "Duitsland",
    },
    Country {
        code: "DJ",
        name_en: "Djibouti",
        name_nl: "Djibouti",
    },
    Country {
        code: "DK",
        name_en: "Denmark",
        name_nl: "Denemarken",
    },
    Country {
        code: "DM",
        name_en: "Dominica",
        name_nl: "Dominica",
    },
    Country {
        code: "DO",
        name_en: "Dominican Republic",
        name_nl: "Dominicaanse Republiek",
    },
    Country {
        code: "DZ",
        name_en: "Algeria",
        name_nl: "Algerije",
    },
    Country {
        code: "EC",
        name_en: "Ecuador",
        name_nl: "Ecuador",
    },
    Country {
        code: "EE",
        name_en: "Estonia",
        name_nl: "Estland",
    },
    Country {
        code: "EG",
        name_en: "Egypt",
        name_nl: "Egypte",
    },
    Country {
        code: "EH",
        name_en: "Western Sahara",
        name_nl: "Westelijke Sahara",
    },
    Country {
        code: "ER",
        name_en: "Eritrea",
        name_nl: "Eritrea",
    },
    Country {
        code: "ES",
        name_en: "Spain",
        name_nl: "Spanje",
    },
    Country {
        code: "ET",
        name_en: "Ethiopia",
        name_nl: "Ethiopië",
    },
    Country {
        code: "FI",
        name_en: "Finland",
        name_nl: "Finland",
    },
    Country {
        code: "FJ",
        name_en: "Fiji",
        name_nl: "Fiji",
    },
    Country {
        code: "FK",
        name_en: "Falkland Islands",
        name_nl: "Falklandeilanden",
    },
    Country {
        code: "FM",
        name_en: "Micronesia",
        name_nl: "Micronesia",
    },
    Country {
        code: "FO",
        name_en: "Faroe Islands",
        name_nl: "Faeröer",
    },
    Country {
        code: "FR",
        name_en: "France",
        name_nl: "Frankrijk",
    },
    Country {
        code: "GA",
        name_en: "Gabon",
        name_nl: "Gabon",
    },
    Country {
        code: "GB",
        name_en: "United Kingdom",
        name_nl: "Verenigd Koninkrijk",
    },
    Country {
        code: "GD",
        name_en: "Grenada",
        name_nl: "Grenada",
    },
    Country {
        code: "GE",
        name_en: "Georgia",
        name_nl: "Georgië",
    },
    Country {
        code: "GF",
        name_en: "French Guiana",
        name_nl: "Frans-Guyana",
    },
    Country {
        code: "GG",
        name_en: "Guernsey",
        name_nl: "Guernsey",
    },
    Country {
        code: "GH",
        name_en: "Ghana",
        name_nl: "Ghana",
    },
    Country {
        code: "GI",
        name_en: "Gibraltar",
        name_nl: "Gibraltar",
    },
    Country {
        code: "GL",
        name_en: "Greenland",
        name_nl: "Groenland",
    },
    Country {
        code: "GM",
        name_en: "Gambia",
        name_nl: "Gambia",
    },
    Country {
        code: "GN",
        name_en: "Guinea",
        name_nl: "Guinee",
    },
    Country {
        code: "GP",
        name_en: "Guadeloupe",
        name_nl: "Guadeloupe",
    },
    Country {
        code: "GQ",
        name_en: "Equatorial Guinea",
        name_nl: "Equatoriaal-Guinea",
    },
    Country {
        code: "GR",
        name_en: "Greece",
        name_nl: "Griekenland",
    },
    Country {
        code: "GS",
        name_en: "South Georgia and the South Sandwich Islands",
        name_nl: "Zuid-Georgia en de Zuidelijke Sandwicheilanden",
    },
    Country {
        code: "GT",
        name_en: "Guatemala",
        name_nl: "Guatemala",
    },
    Country {
        code: "GU",
        name_en: "Guam",
        name_nl: "Guam",
    },
    Country {
        code: "GW",
        name_en: "Guinea-Bissau",
        name_nl: "Guinee-Bissau",
    },
    Country {
        code: "GY",
        name_en: "Guyana",
        name_nl: "Guyana",
    },
    Country {
        code: "HK",
        name_en: "Hong Kong",
        name_nl: "Hongkong",
    },
    Country {
        code: "HM",
        name_en: "Heard Island and McDonald Islands",
        name_nl: "Heard en McDonaldeilanden",
    },
    Country {
        code: "HN",
        name_en: "Honduras",
        name_nl: "Honduras",
    },
    Country {
        code: "HR",
        name_en: "Croatia",
        name_nl: "Kroatië",
    },
    Country {
        code: "HT",
        name_en: "Haiti",
        name_nl: "Haïti",
    },
    Country {
        code: "HU",
        name_en: "Hungary",
        name_nl: "Hongarije",
    },
    Country {
        code: "ID",
        name_en: "Indonesia",
        name_nl: "Indonesië",
    },
    Country {
        code: "IE",
        name_en: "Ireland",
        name_nl: "Ierland",
    },
    Country {
        code: "IL",
        name_en: "Israel",
        name_nl: "Israël",
    },
    Country {
        code: "IM",
        name_en: "Isle of Man",
        name_nl: "Isle of Man",
    },
    Country {
        code: "IN",
        name_en: "India",
        name_nl: "India",
    },
    Country {
        code: "IO",
        name_en: "British Indian Ocean Territory",
        name_nl: "Brits Indische Oceaanterritorium",
    },
    Country {
        code: "IQ",
        name_en: "Iraq",
        name_nl: "Irak",
    },
    Country {
        code: "IR",
        name_en: "Iran",
        name_nl: "Iran",
    },
    Country {
        code: "IS",
        name_en: "Iceland",
        name_nl: "IJsland",
    },
    Country {
        code: "IT",
        name_en: "Italy",
        name_nl: "Italië",
    },
    Country {
        code: "JE",
        name_en: "Jersey",
        name_nl: "Jersey",
    },
    Country {
        code: "JM",
        name_en: "Jamaica",
        name_nl: "Jamaica",
    },
    Country {
        code: "JO",
        name_en: "Jordan",
        name_nl: "Jordanië",
    },
    Country {
        code: "JP",
        name_en: "Japan",
        name_nl: "Japan",
    },
    Country {
        code: "KE",
        name_en: "Kenya",
        name_nl: "Kenia",
    },
    Country {
        code: "KG",
        name_en: "Kyrgyzstan",
        name_nl: "Kirgizië",
    },
    Country {
        code: "KH",
        name_en: "Cambodia",
        name_nl: "Cambodja",
    },
    Country {
        code: "KI",
        name_en: "Kiribati",
        name_nl: "Kiribati",
    },
    Country {
        code: "KM",
        name_en: "Comoros",
        name_nl: "Comoren",
    },
    Country {
        code: "KN",
        name_en: "Saint Kitts and Nevis",
        name_nl: "Saint Kitts en Nevis",
    },
    Country {
        code: "KP",
        name_en: "North Korea",
        name_nl: "Noord-Korea",
    },
    Country {
        code: "KR",
        name_en: "South Korea",
        name_nl: "Zuid-Korea",
    },
    Country {
        code: "KW",
        name_en: "Kuwait",
        name_nl: "Koeweit",
    },
    Country {
        code: "KY",
        name_en: "Cayman Islands",
        name_nl: "Kaaimaneilanden",
    },
    Country {
        code: "KZ",
        name_en: "Kazakhstan",
        name_nl: "Kazachstan",
    },
    Country {
        code: "LA",
        name_en: "Laos",
        name_nl: "Laos",
    },
    Country {
        code: "LB",
        name_en: "Lebanon",
        name_nl: "Libanon",
    },
    Country {
        code: "LC",
        name_en: "Saint Lucia",
        name_nl: "Saint Lucia",
    },
    Country {
        code: "LI",
        name_en: "Liechtenstein",
        name_nl: "Liechtenstein",
    },
    Country {
        code: "LK",
        name_en: "Sri Lanka",
        name_nl: "Sri Lanka",
    },
    Country {
        code: "LR",
        name_en: "Liberia",
        name_nl: "Liberia",
    },
    Country {
        code: "LS",
        name_en: "Lesotho",
        name_nl: "Lesotho",
    },
    Country {
        code: "LT",
        name_en: "Lithuania",
        name_nl: "Litouwen",
    },
    Country {
        code: "LU",
        name_en: "Luxembourg",
        name_nl: "Luxemburg",
    },
    Country {
        code: "LV",
        name_en: "Latvia",
        name_nl: "Letland",
    },
    Country {
        code: "LY",
        name_en: "Libya",
        name_nl: "Libië",
    },
    Country {
        code: "MA",
        name_en: "Morocco",
        name_nl: "Marokko",
    },
    Country {
        code: "MC",
        name_en: "Monaco",
        name_nl: "Monaco",
    },
    Country {
        code: "MD",
        name_en: "Moldova",
        name_nl: "Moldavië",
    },
    Country {
        code: "ME",
        name_en: "Montenegro",
        name_nl: "Montenegro",
    },
    Country {
        code: "MF",
        name_en: "Saint Martin (French part)",
        name_nl: "Saint-Martin",
    },
    Country {
        code: "MG",
        name_en: "Madagascar",
        name_nl: "Madagaskar",
    },
    Country {
        code: "MH",
        name_en: "Marshall Islands",
        name_nl: "Marshalleilanden",
    },
    Country {
        code: "MK",
        name_en: "North Macedonia",
        name_nl: "Noord-Macedonië",
    },
    Country {
        code: "ML",
        name_en: "Mali",
        name_nl: "Mali",
    },
    Country {
        code: "MM",
        name_en: "Myanmar",
        name_nl: "Myanmar",
    },
    Country {
        code: "MN",
        name_en: "Mongolia",
        name_nl: "Mongolië",
    },
    Country {
        code: "MO",
        name_en: "Macao",
        name_nl: "Macau",
    },
    Country {
        code: "MP",
        name_en: "Northern Mariana Islands",
        name_nl: "Noordelijke Marianen",
    },
    Country {
        code: "MQ",
        name_en: "Martinique",
        name_nl: "Martinique",
    },
    Country {
        code: "MR",
        name_en: "Mauritania",
        name_nl: "Mauritanië",
    },
    Country {
        code: "MS",
        name_en: "Montserrat",
        name_nl: "Montserrat",
    },
    Country {
        code: "MT",
        name_en: "Malta",
        name_nl: "Malta",
    },
    Country {
        code: "MU",
        name_en: "Mauritius",
        name_nl: "Mauritius",
    },
    Country {
        code: "MV",
        name_en: "Maldives",
        name_nl: "Maldiven",
    },
    Country {
        code: "MW",
        name_en: "Malawi",
        name_nl: "Malawi",
    },
    Country {
        code: "MX",
        name_en: "Mexico",
        name_nl: "Mexico",
    },
    Country {
        code: "MY",
        name_en: "Malaysia",
        name_nl: "Maleisië",
    },
    Country {
        code: "MZ",
        name_en: "Mozambique",
        name_nl: "Mozambique",
    },
    Country {
        code: "NA",
        name_en: "Namibia",
        name_nl: "Namibië",
    },
    Country {
        code: "NC",
        name_en: "New Caledonia",
        name_nl: "Nieuw-Caledonië",
    },
    Country {
        code: "NE",
        name_en: "Niger",
        name_nl: "Niger",
    },
    Country {
        code: "NF",
        name_en: "Norfolk Island",
        name_nl: "Norfolk",
    },
    Country {
        code: "NG",
        name_en: "Nigeria",
        name_nl: "Nigeria",
    },
    Country {
        code: "NI",
        name_en: "Nicaragua",
        name_nl: "Nicaragua",
    },
    Country {
        code: "NL",
        name_en: "Netherlands",
        name_nl: "Nederland",
    },
    Country {
        code: "NO",
        name_en: "Norway",
        name_nl: "Noorwegen",
    },
    Country {
        code: "NP",
        name_en: "Nepal",
        name_nl: "Nepal",
    },
    Country {
        code: "NR",
        name_en: "Nauru",
        name_nl: "Nauru",
    },
    Country {
        code: "NU",
        name_en: "Niue",
        name_nl: "Niue",
    },
    Country {
        code: "NZ",
        name_en: "New Zealand",
        name_nl: "Nieuw-Zeeland",
    },
    Country {
        code: "OM",
        name_en: "Oman",
        name_nl: "Oman",
    },
    Country {
        code: "PA",
        name_en: "Panama",
        name_nl: "Panama",
    },
    Country {
        code: "PE",
        name_en: "Peru",
        name_nl: "Peru",
    },
    Country {
        code: "PF",
        name_en: "French Polynesia",
        name_nl: "Frans-Polynesië",
    },
    Country {
        code: "PG",
        name_en: "Papua New Guinea",
        name_nl: "Papoea-Nieuw-Guinea",
    },
    Country {
        code: "PH",
        name_en: "Philippines",
        name_nl: "Filipijnen",
    },
    Country {
        code: "PK",
        name_en: "Pakistan",
        name_nl: "Pakistan",
    },
    Country {
        code: "PL",
        name_en: "Poland",
        name_nl: "Polen",
    },
    Country {
        code: "PM",
        name_en: "Saint Pierre and Miquelon",
        name_nl: "Saint-Pierre en Miquelon",
    },
    Country {
        code: "PN",
        name_en: "Pitcairn Islands",
        name_nl: "Pitcairneilanden",
    },
    Country {
        code: "PR",
        name_en: "Puerto Rico",
        name_nl: "Puerto Rico",
    },
    Country {
        code: "PS",
        name_en: "Palestinian Territories",
        name_nl: "Palestijnse gebieden",
    },
    Country {
        code: "PT",
        name_en: "Portugal",
        name_nl: "Portugal",
    },
    Country {
        code: "PW",
        name_en: "Palau",
        name_nl: "Palau",
    },
    Country {
        code: "PY",
        name_en: "Paraguay",
        name_nl: "Paraguay",
    },
    Country {
        code: "QA",
        name_en: "Qatar",
        name_nl: "Qatar",
    },
    Country {
        code: "RE",
        name_en: "Réunion",
        name_nl: "Réunion",
    },
    Country {
        code: "RO",
        name_en: "Romania",
        name_nl: "Roemenië",
    },
    Country {
        code: "RS",
        name_en: "Serbia",
        name_nl: "Servië",
    },
    Country {
        code: "RU",
        name_en: "Russia",
        name_nl: "Rusland",
    },
    Country {
        code: "RW",
        name_en: "Rwanda",
        name_nl: "Rwanda",
    },
    Country {
        code: "SA",
        name_en: "Saudi Arabia",
        name_nl: "Saoedi-Arabië",
    },
    Country {
        code: "SB",
        name_en: "Solomon Islands",
        name_nl: "Salomonseilanden",
    },
    Country {
        code: "SC",
        name_en: "Seychelles",
        name_nl: "Seychellen",
    },
    Country {
        code: "SD",
        name_en: "Sudan",
        name_nl: "Soedan",
    },
    Country {
        code: "SE",
        name_en: "Sweden",
        name_nl: "Zweden",
    },
    Country {
        code: "SG",
        name_en: "Singapore",
        name_nl: "Singapore",
    },
    Country {
        code: "SH",
        name_en: "Saint Helena, Ascension and Tristan da Cunha",
        name_nl: "Sint-Helena, Ascension en Tristan da Cunha",
    },
    Country {
        code: "SI",
        name_en: "Slovenia",
        name_nl: "Slovenië",
    },
    Country {
        code: "SJ",
        name_en: "Svalbard and Jan Mayen",
        name_nl: "Spitsbergen en Jan Mayen",
    },
    Country {
        code: "SK",
        name_en: "Slovakia",
        name_nl: "Slowakije",
    },
    Country {
        code: "SL",
        name_en: "Sierra Leone",
        name_nl: "Sierra Leone",
    },
    Country {
        code: "SM",
        name_en: "San Marino",
        name_nl: "San Marino",
    },
    Country {
        code: "SN",
        name_en: "Senegal",
        name_nl: "Senegal",
    },
    Country {
        code: "SO",
        name_en: "Somalia",
        name_nl: "Somalië",
    },
    Country {
        code: "SR",
        name_en: "Suriname",
        name_nl: "Suriname",
    },
    Country {
        code: "SS",
        name_en: "South Sudan",
        name_nl: "Zuid-Soedan",
    },
    Country {
        code: "ST",
        name_en: "São Tomé and Príncipe",
        name_nl: "Sao Tomé en Principe",
    },
    Country {
        code: "SV",
        name_en: "El Salvador",
        name_nl: "El Salvador",
    },
    Country {
        code: "SX",
        name_en: "Sint Maarten",
        name_nl: "Sint Maarten",
    },
    Country {
        code: "SY",
        name_en: "Syria",
        name_nl: "Syrië",
    },
    Country {
        code: "SZ",
        name_en: "Eswatini",
        name_nl: "Eswatini",
    },
    Country {
        code: "TC",
        name_en: "Turks and Caicos Islands",
        name_nl: "Turks- en Caicoseilanden",
    },
    Country {
        code: "TD",
        name_en: "Chad",
        name_nl: "Tsjaad",
    },
    Country {
        code: "TF",
        name_en: "French Southern Territories",
        name_nl: "Franse Zuidelijke en Antarctische Gebieden",
    },
    Country {
        code: "TG",
        name_en: "Togo",
        name_nl: "Togo",
    },
    Country {
        code: "TH",
        name_en: "Thailand",
        name_nl: "Thailand",
    },
    Country {
        code: "TJ",
        name_en: "Tajikistan",
        name_nl: "Tadzjikistan",
    },
    Country {
        code: "TK",
        name_en: "Tokelau",
        name_nl: "Tokelau",
    },
    Country {
        code: "TL",
        name_en: "Timor-Leste",
        name_nl: "Oost-Timor",
    },
    Country {
        code: "TM",
        name_en: "Turkmenistan",
        name_nl: "Turkmenistan",
    },
    Country {
        code: "TN",
        name_en: "Tunisia",
        name_nl: "Tunesië",
    },
    Country {
        code: "TO",
        name_en: "Tonga",
        name_nl: "Tonga",
    },
    Country {
        code: "TR",
        name_en: "Türkiye",
        name_nl: "Turkije",
    },
    Country {
        code: "TT",
        name_en: "Trinidad and Tobago",
        name_nl: "Trinidad en Tobago",
    },
    Country {
        code: "TV",
        name_en: "Tuvalu",
        name_nl: "Tuvalu",
    },
    Country {
        code: "TW",
        name_en: "Taiwan",
        name_nl: "Taiwan",
    },
    Country {
        code: "TZ",
        name_en: "Tanzania",
        name_nl: "Tanzania",
    },
    Country {
        code: "UA",
        name_en: "Ukraine",
        name_nl: "Oekraïne",
    },
    Country {
        code: "UG",
        name_en: "Uganda",
        name_nl: "Oeganda",
    },
    Country {
        code: "UM",
        name_en: "United States Minor Outlying Islands",
        name_nl: "Kleine afgelegen eilanden van de Verenigde Staten",
    },
    Country {
        code: "US",
        name_en: "United States",
        name_nl: "Verenigde Staten",
    },
    Country {
        code: "UY",
        name_en: "Uruguay",
        name_nl: "Uruguay",
    },
    Country {
        code: "UZ",
        name_en: "Uzbekistan",
        name_nl: "Oezbekistan",
    },
    Country {
        code: "VA",
        name_en: "Holy See",
        name_nl: "Vaticaanstad",
    },
    Country {
        code: "VC",
        name_en: "Saint Vincent and the Grenadines",
        name_nl: "Saint Vincent en de Grenadines",
    },
    Country {
        code: "VE",
        name_en: "Venezuela",
        name_nl: "Venezuela",
    },
    Country {
        code: "VG",
        name_en: "British Virgin Islands",
        name_nl: "Britse Maagdeneilanden",
    },
    Country {
        code: "VI",
        name_en: "United States Virgin Islands",
        name_nl: "Amerikaanse Maagdeneilanden",
    },
    Country {
        code: "VN",
        name_en: "Vietnam",
        name_nl: "Vietnam",
    },
    Country {
        code: "VU",
        name_en: "Vanuatu",
        name_nl: "Vanuatu",
    },
    Country {
        code: "WF",
        name_en: "Wallis and Futuna",
        name_nl: "Wallis en Futuna",
    },
    Country {
        code: "WS",
        name_en: "Samoa",
        name_nl: "Samoa",
    },
    // `XK` is not an officially assigned ISO 3166-1 code: it is a
    // user-assigned code for Kosovo, used by the EU and by INTERPOL.
    Country {
        code: "XK",
        name_en: "Kosovo",
        name_nl: "Kosovo",
    },
    Country {
        code: "YE",
        name_en: "Yemen",
        name_nl: "Jemen",
    },
    Country {
        code: "YT",
        name_en: "Mayotte",
        name_nl: "Mayotte",
    },
    Country {
        code: "ZA",
        name_en: "South Africa",
        name_nl: "Zuid-Afrika",
    },
    Country {
        code: "ZM",
        name_en: "Zambia",
        name_nl: "Zambia",
    },
    Country {
        code: "ZW",
        name_en: "Zimbabwe",
        name_nl: "Zimbabwe",
    },
];

/// Looks up a country by its alpha-2 code.
///
/// The match is exact and case-sensitive: the code must be upper case
/// (e.g. `"NL"`, not `"nl"`). Uses binary search over [`COUNTRIES`].
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .map(|i| &COUNTRIES[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_strictly_sorted_without_duplicates() {
        for pair in COUNTRIES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "not strictly sorted: {} >= {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn table_has_250_entries() {
        assert_eq!(COUNTRIES.len(), 250);
    }

    #[test]
    fn codes_are_two_ascii_uppercase_letters() {
        for c in COUNTRIES {
            assert_eq!(c.code.len(), 2, "bad code length: {:?}", c.code);
            assert!(
                c.code.bytes().all(|b| b.is_ascii_uppercase()),
                "bad code: {:?}",
                c.code
            );
        }
    }

    #[test]
    fn lookups_return_expected_dutch_names() {
        assert_eq!(country("NL").map(|c| c.name_nl), Some("Nederland"));
        assert_eq!(country("XK").map(|c| c.name_nl), Some("Kosovo"));
        assert_eq!(
            country("PS").map(|c| c.name_nl),
            Some("Palestijnse gebieden")
        );
    }

    #[test]
    fn lookups_of_unknown_or_lowercase_codes_return_none() {
        assert_eq!(country("nl"), None);
        assert_eq!(country("ZZ"), None);
        assert_eq!(country(""), None);
    }
}
