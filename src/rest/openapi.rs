//! The OpenAPI document: every REST path, its schemas, and the cookie security scheme.

use utoipa::{
    Modify, OpenApi,
    openapi::security::{ApiKey, ApiKeyValue, SecurityScheme},
};

use super::{accounts, auth, earnings, health, listings, notifications, orders, payouts, products};
use crate::{
    auth::{
        model::{CurrentUser, LoginInput, PasswordChange, Role, UserAccount},
        server::SESSION_COOKIE,
    },
    earnings::model::{EarningsBalance, EntryKind, LedgerLine, PlatformMonth, PlatformSummary, Statement},
    error::{ErrorBody, ErrorEnvelope},
    listings::model::{
        BulkSyncItem, BulkSyncStatus, BulkSyncView, CheckIssue, CheckOutcome, CheckReport, IssueSeverity, ListingIssue,
        ListingStatus, ListingView,
    },
    money::{Currency, Money},
    notifications::model::{Notification, NotificationType, UnreadCount},
    orders::model::{OrderItemPage, OrderItemView, OrderStatus},
    payouts::model::{
        AccountStatus, BalanceView, PayoutOrigin, PayoutRequestInput, PayoutStatus, PayoutView, StripeAccountView,
    },
    products::model::{
        AttrValue, ChoiceOption, CodeKind, Condition, FieldGroup, FieldKind, FieldSpec, Identity, InputIdentity,
        Product, ProductInput, ProductStatus, ProductTypeChoice, TypeSpec,
    },
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Hamro API", description = "The Hamro seller platform's JSON API. Sign in with POST /api/auth/login; \
        the session cookie it sets authenticates every other call."),
    paths(
        health::healthz, auth::login, auth::logout, auth::me,
        accounts::change_password, accounts::sign_out_everywhere, accounts::list, accounts::disable, accounts::enable,
        notifications::list, notifications::unread_count, notifications::mark_read, notifications::mark_unread,
        notifications::mark_all_read, notifications::delete,
        products::list, products::create, products::get, products::update, products::submit, products::archive,
        products::admin_list, products::approve, products::reject,
        payouts::connect, payouts::onboarding_link, payouts::balance, payouts::request, payouts::history,
        payouts::account_status, payouts::admin_list, payouts::stripe_webhook,
        listings::sync, listings::status, listings::delist, listings::bulk_sync, listings::job,
        listings::check, listings::latest_check, products::product_types, products::product_type,
        orders::list, orders::admin_list,
        earnings::statement, earnings::balances, earnings::statement_csv, earnings::platform_summary,
    ),
    components(schemas(
        CurrentUser, LoginInput, PasswordChange, UserAccount, Role, ErrorEnvelope, ErrorBody, health::Health,
        Notification, NotificationType, UnreadCount,
        Product, ProductInput, ProductStatus, Condition, Money, Currency, products::VersionBody, products::RejectBody,
        InputIdentity, Identity, CodeKind, AttrValue, ProductTypeChoice, TypeSpec, FieldGroup, FieldSpec, FieldKind,
        ChoiceOption, CheckReport, CheckIssue, CheckOutcome,
        StripeAccountView, AccountStatus, BalanceView, PayoutView, PayoutStatus, PayoutOrigin, PayoutRequestInput,
        payouts::OnboardingLink, payouts::WebhookReceipt,
        ListingView, ListingStatus, ListingIssue, IssueSeverity, BulkSyncView, BulkSyncStatus, BulkSyncItem,
        OrderItemPage, OrderItemView, OrderStatus,
        Statement, LedgerLine, EntryKind, EarningsBalance, PlatformSummary, PlatformMonth,
    )),
    modifiers(&SessionCookie),
    tags(
        (name = "auth", description = "Signing in and out"),
        (name = "notifications", description = "The signed-in user's notifications"),
        (name = "products", description = "A seller's products and their review"),
        (name = "admin", description = "Moderation and oversight (admins only)"),
        (name = "payouts", description = "A seller's Stripe Connect account, balance and payouts"),
        (name = "webhooks", description = "Inbound webhooks"),
        (name = "amazon", description = "Amazon listings through the Selling Partner API"),
        (name = "orders", description = "Amazon orders of a seller's products"),
        (name = "earnings", description = "A seller's ledger: sales, fees, commission, refunds and transfers"),
        (name = "system", description = "Health"),
    ),
)]
pub(crate) struct ApiDoc;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
    }
}
