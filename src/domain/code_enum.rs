//! `code_enum!`: an enumeration with an API code (UPPER_SNAKE_CASE) and a Dutch term per
//! value. The code is what the API, the database CHECK constraints and the audit log use;
//! the Dutch term is for documentation. Every domain code list is declared with it, so they
//! all parse, print and list their values the same way.

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $dutch:literal;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $code)] $variant,)*
        }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The API code.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $code),* }
            }

            /// The Dutch term, for documentation.
            #[must_use]
            pub const fn dutch(self) -> &'static str {
                match self { $(Self::$variant => $dutch),* }
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($code => Ok(Self::$variant),)* _ => Err(()) }
            }
        }
    };
}
