//! The SP-API operations the sandbox serves and Amazon's documented usage plan for each
//! (requests per second, burst), from the API references: Listings Items 2021-08-01 and
//! Feeds 2021-06-30. The sandbox enforces these on its own: they are Amazon's rules, not
//! whatever Hamro's client happens to pace itself to.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SpOperation {
    GetListingsItem,
    PutListingsItem,
    PatchListingsItem,
    DeleteListingsItem,
    CreateFeedDocument,
    CreateFeed,
    GetFeed,
    GetFeeds,
    GetFeedDocument,
}

impl SpOperation {
    pub(crate) const ALL: [SpOperation; 9] = [
        Self::GetListingsItem,
        Self::PutListingsItem,
        Self::PatchListingsItem,
        Self::DeleteListingsItem,
        Self::CreateFeedDocument,
        Self::CreateFeed,
        Self::GetFeed,
        Self::GetFeeds,
        Self::GetFeedDocument,
    ];

    /// The operation's name in the API reference.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::GetListingsItem => "getListingsItem",
            Self::PutListingsItem => "putListingsItem",
            Self::PatchListingsItem => "patchListingsItem",
            Self::DeleteListingsItem => "deleteListingsItem",
            Self::CreateFeedDocument => "createFeedDocument",
            Self::CreateFeed => "createFeed",
            Self::GetFeed => "getFeed",
            Self::GetFeeds => "getFeeds",
            Self::GetFeedDocument => "getFeedDocument",
        }
    }

    /// The usage plan: (requests per second, burst).
    pub(crate) fn plan(self) -> (f64, u32) {
        match self {
            Self::GetListingsItem | Self::PutListingsItem | Self::PatchListingsItem | Self::DeleteListingsItem => {
                (5.0, 5)
            }
            Self::CreateFeedDocument => (0.5, 15),
            Self::CreateFeed => (0.0083, 15),
            Self::GetFeed => (2.0, 15),
            Self::GetFeeds => (0.0222, 10),
            Self::GetFeedDocument => (0.0222, 10),
        }
    }
}
