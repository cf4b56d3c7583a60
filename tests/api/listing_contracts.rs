//! The SP-API parts behind listing by product type, against Amazon's models: the sandbox's
//! answers for Product Type Definitions, Catalog Items, Listings Restrictions and
//! VALIDATION_PREVIEW fit them, and every request Hamro's client makes is one Prism (serving
//! the official models) accepts.

use base64::Engine;
use md5::{Digest, Md5};
use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    amazon_contracts::{Front, Prism, Sandbox, assert_fits_model, document, product},
    helpers::spawn_app_with,
};
use hamro::integrations::amazon::{CatalogQuery, Requirements};

const DEFINITIONS: &str = "definitionsProductTypes_2020-09-01.json";
const CATALOG: &str = "catalogItems_2022-04-01.json";
const RESTRICTIONS: &str = "listingsRestrictions_2021-08-01.json";
const LISTINGS: &str = "listingsItems_2021-08-01.json";
const M: &str = "ATVPDKIKX0DER";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_definitions_catalog_and_restrictions_fit_the_models() {
    let app = spawn_app_with(&[]).await;
    let sb = Sandbox::new(&app).await;
    let seller = app.state.settings.amazon.seller_id.clone();

    let (status, search) = sb
        .call(Method::GET, &format!("/definitions/2020-09-01/productTypes?marketplaceIds={M}&keywords=lamp"), None)
        .await;
    assert_eq!(status, 200);
    assert_fits_model(DEFINITIONS, "ProductTypeList", &search);
    assert!(search["productTypes"].as_array().unwrap().iter().any(|t| t["name"] == "LIGHT_FIXTURE"));

    let path = format!(
        "/definitions/2020-09-01/productTypes/LIGHT_FIXTURE?marketplaceIds={M}&sellerId={seller}&requirements=LISTING&requirementsEnforced=ENFORCED&locale=en_US"
    );
    let (status, definition) = sb.call(Method::GET, &path, None).await;
    assert_eq!(status, 200);
    assert_fits_model(DEFINITIONS, "ProductTypeDefinition", &definition);
    let link = definition["schema"]["link"]["resource"].as_str().unwrap();
    let bytes = reqwest::get(link).await.unwrap().bytes().await.unwrap();
    let checksum = base64::engine::general_purpose::STANDARD.encode(Md5::digest(&bytes));
    assert_eq!(definition["schema"]["checksum"], json!(checksum), "the link serves what the checksum says");
    let schema: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(schema["required"].as_array().unwrap().contains(&json!("bullet_point")));
    let (status, _) = sb.call(Method::GET, &path.replace("LIGHT_FIXTURE", "SPACESHIP"), None).await;
    assert_eq!(status, 404);

    let (status, found) = sb
        .call(Method::GET, &format!("/catalog/2022-04-01/items?marketplaceIds={M}&identifiers=036000291452&identifiersType=UPC&includedData=summaries,identifiers"), None)
        .await;
    assert_eq!(status, 200);
    assert_fits_model(CATALOG, "ItemSearchResults", &found);
    assert_eq!(found["items"][0]["asin"], "B0CATLAMP1");
    let (_, by_words) =
        sb.call(Method::GET, &format!("/catalog/2022-04-01/items?marketplaceIds={M}&keywords=brass,lamp"), None).await;
    assert_fits_model(CATALOG, "ItemSearchResults", &by_words);
    assert_eq!(by_words["numberOfResults"], 1);
    // searchCatalogItems allows 2 a second (burst 2): the sandbox holds Hamro to that too.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (status, both) = sb
        .call(
            Method::GET,
            &format!("/catalog/2022-04-01/items?marketplaceIds={M}&keywords=lamp&identifiers=1&identifiersType=UPC"),
            None,
        )
        .await;
    assert_eq!(status, 400);
    assert_fits_model(CATALOG, "ErrorList", &both);

    let (status, gated) = sb
        .call(Method::GET, &format!("/listings/2021-08-01/restrictions?asin=B0GATED001&sellerId={seller}&marketplaceIds={M}&conditionType=new_new"), None)
        .await;
    assert_eq!(status, 200);
    assert_fits_model(RESTRICTIONS, "RestrictionList", &gated);
    assert_eq!(gated["restrictions"][0]["reasons"][0]["reasonCode"], "APPROVAL_REQUIRED");
    let (_, open) = sb
        .call(
            Method::GET,
            &format!("/listings/2021-08-01/restrictions?asin=B0CATLAMP1&sellerId={seller}&marketplaceIds={M}"),
            None,
        )
        .await;
    assert_eq!(open, json!({ "restrictions": [] }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preview_answers_like_amazon_and_stores_nothing() {
    let app = spawn_app_with(&[]).await;
    let sb = Sandbox::new(&app).await;
    let m = &app.state.settings.amazon.marketplace;
    let p = product("PREVIEW-1");
    let put = json!({ "productType": p.product_type, "requirements": "LISTING", "attributes": document(&p, m) });
    let (status, valid) =
        sb.call(Method::PUT, &sb.item(&p.amazon_sku, "&mode=VALIDATION_PREVIEW"), Some(put.clone())).await;
    assert_eq!(status, 200);
    assert_fits_model(LISTINGS, "ListingsItemSubmissionResponse", &valid);
    assert_eq!(valid["status"], "VALID", "{valid}");
    let (status, _) = sb.call(Method::GET, &sb.item(&p.amazon_sku, ""), None).await;
    assert_eq!(status, 404, "a preview stores nothing");

    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let mut missing = put;
    missing["attributes"].as_object_mut().unwrap().remove("bullet_point");
    let (status, invalid) =
        sb.call(Method::PUT, &sb.item(&p.amazon_sku, "&mode=VALIDATION_PREVIEW"), Some(missing)).await;
    assert_eq!(status, 200, "INVALID comes back with HTTP 200");
    assert_fits_model(LISTINGS, "ListingsItemSubmissionResponse", &invalid);
    assert_eq!(invalid["status"], "INVALID");
    assert_eq!(invalid["issues"][0]["code"], "90220");
    assert_eq!(invalid["issues"][0]["message"], "'bullet_point' is required but not supplied.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prism_accepts_the_definitions_catalog_restrictions_and_preview_requests() {
    let app = spawn_app_with(&[]).await;
    let (definitions, catalog, restrictions, listings) = (
        Prism::start(DEFINITIONS).await,
        Prism::start(CATALOG).await,
        Prism::start(RESTRICTIONS).await,
        Prism::start(LISTINGS).await,
    );
    let front = Front::serve(vec![
        ("/definitions/", definitions.base.clone()),
        ("/catalog/", catalog.base.clone()),
        ("/listings/2021-08-01/restrictions", restrictions.base.clone()),
        ("/listings/", listings.base.clone()),
    ])
    .await;
    let api = front.client(&app);
    let m = &app.state.settings.amazon.marketplace;
    let p = product("HAMRO-PREVIEW-1");
    // Prism answers with the models' examples; what matters here is that it took the requests.
    let _ = api.search_product_types(Some("lamp"), None).await;
    let _ = api.search_product_types(None, Some("brass table lamp with linen shade")).await;
    let _ = api.product_type_definition("LIGHT_FIXTURE", Requirements::Listing).await;
    let _ = api.search_catalog(CatalogQuery::Identifier { kind: "UPC", value: "036000291452" }, 1).await;
    let _ = api.search_catalog(CatalogQuery::Keywords("brass lamp"), 5).await;
    let _ = api.listing_restrictions("B0CATLAMP1", "new_new").await;
    let _ = api.preview_listing(&p.amazon_sku, &p.product_type, Requirements::Listing, document(&p, m)).await;
    let exchanges = front.assert_all_accepted();
    assert!(exchanges.len() >= 7, "{} requests reached Prism", exchanges.len());
}
