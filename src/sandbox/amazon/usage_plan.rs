//! The SP-API operations the sandbox serves and Amazon's documented usage plan for each
//! (requests per second, burst), from the API references: Listings Items 2021-08-01,
//! Feeds 2021-06-30, Orders 2026-01-01 and Finances 2024-06-19. The sandbox enforces these on its own: they are Amazon's rules, not
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
    SearchOrders,
    GetOrder,
    ListTransactions,
    PreviewListingsItem,
    SearchDefinitionsProductTypes,
    GetDefinitionsProductType,
    SearchCatalogItems,
    GetListingsRestrictions,
}

impl SpOperation {
    pub(crate) const ALL: [SpOperation; 17] = [
        Self::GetListingsItem,
        Self::PutListingsItem,
        Self::PatchListingsItem,
        Self::DeleteListingsItem,
        Self::CreateFeedDocument,
        Self::CreateFeed,
        Self::GetFeed,
        Self::GetFeeds,
        Self::GetFeedDocument,
        Self::SearchOrders,
        Self::GetOrder,
        Self::ListTransactions,
        Self::PreviewListingsItem,
        Self::SearchDefinitionsProductTypes,
        Self::GetDefinitionsProductType,
        Self::SearchCatalogItems,
        Self::GetListingsRestrictions,
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
            Self::SearchOrders => "searchOrders",
            Self::GetOrder => "getOrder",
            Self::ListTransactions => "listTransactions",
            // The same operation in VALIDATION_PREVIEW mode, which has its own plan.
            Self::PreviewListingsItem => "putListingsItem",
            Self::SearchDefinitionsProductTypes => "searchDefinitionsProductTypes",
            Self::GetDefinitionsProductType => "getDefinitionsProductType",
            Self::SearchCatalogItems => "searchCatalogItems",
            Self::GetListingsRestrictions => "getListingsRestrictions",
        }
    }

    /// The name `/_stats` reports it under (preview calls apart from real ones).
    pub(crate) fn stats_name(self) -> &'static str {
        match self {
            Self::PreviewListingsItem => "putListingsItem (VALIDATION_PREVIEW)",
            other => other.name(),
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
            // Orders 2026-01-01 and Finances 2024-06-19.
            Self::SearchOrders => (0.0056, 20),
            Self::GetOrder => (0.5, 30),
            Self::ListTransactions => (0.5, 10),
            // Listings Items: "VALIDATION_PREVIEW mode is limited to 1 request per second".
            Self::PreviewListingsItem => (1.0, 1),
            // Product Type Definitions 2020-09-01, Catalog Items 2022-04-01, Listings
            // Restrictions 2021-08-01.
            Self::SearchDefinitionsProductTypes | Self::GetDefinitionsProductType => (5.0, 10),
            Self::SearchCatalogItems => (2.0, 2),
            Self::GetListingsRestrictions => (5.0, 10),
        }
    }
}
