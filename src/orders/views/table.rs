//! The order items table both pages show, and their status badge.

use leptos::prelude::*;

use crate::{
    orders::model::{OrderItemView, OrderStatus},
    ui::{Badge, Tone},
};

#[component]
pub fn OrderStatusBadge(status: OrderStatus) -> impl IntoView {
    let tone = match status {
        OrderStatus::Shipped => Tone::Success,
        OrderStatus::Canceled | OrderStatus::Unfulfillable => Tone::Critical,
        OrderStatus::Pending | OrderStatus::Unshipped | OrderStatus::PartiallyShipped => Tone::Info,
    };
    view! { <Badge tone=tone label=status.label() /> }
}

/// One row per order item; `admin` adds the seller and marks items no product matched.
#[component]
pub fn OrderItemsTable(items: Vec<OrderItemView>, admin: bool) -> impl IntoView {
    let date = |d: chrono::DateTime<chrono::Utc>| d.format("%b %-d, %Y").to_string();
    let dash = || "—".to_string();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th>"Item"</th>
                        {admin.then(|| view! { <th>"Seller"</th> })}
                        <th>"Status"</th>
                        <th class="num">"Qty"</th>
                        <th class="num">"Price"</th>
                        <th class="num">"Amazon fees"</th>
                        <th class="num">"Commission"</th>
                        <th class="num">"Net"</th>
                        <th>"Ordered"</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|i| {
                        let unmatched = i.product_id.is_none();
                        let class = if unmatched { "row--warning" } else { "" };
                        view! {
                            <tr data-testid="order-row" class=class data-unmatched=unmatched.to_string()>
                                <td>
                                    <strong>{i.title.clone()}</strong>
                                    <div class="muted">{format!("Order {} · SKU {}", i.amazon_order_id, i.sku)}</div>
                                    {(i.refunded.amount_minor > 0).then(|| view! { <div class="text-critical">{format!("Refunded {}", i.refunded.display())}</div> })}
                                </td>
                                {admin.then(|| view! {
                                    <td>{if unmatched {
                                        view! { <strong class="text-critical">"Unmatched SKU"</strong> }.into_any()
                                    } else {
                                        view! { <span>{i.seller_name.clone().unwrap_or_default()}</span> }.into_any()
                                    }}</td>
                                })}
                                <td><OrderStatusBadge status=i.status/></td>
                                <td class="num">{i.quantity}</td>
                                <td class="num">{i.gross.display()}</td>
                                <td class="num">{i.amazon_fees.map(|f| f.display()).unwrap_or_else(dash)}</td>
                                <td class="num">{i.commission.display()}</td>
                                <td class="num" data-testid="order-net">{i.net.map(|n| n.display()).unwrap_or_else(dash)}</td>
                                <td class="nowrap muted">{date(i.purchased_at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The status and month filters (a GET form: works without JavaScript).
#[component]
pub fn OrderFilters(
    action: &'static str,
    status: Option<String>,
    month: Option<String>,
    #[prop(optional)] unmatched: Option<bool>,
) -> impl IntoView {
    view! {
        <form method="get" action=action class="filters toolbar">
            <div class="field">
                <label for="orders-status">"Status"</label>
                <select id="orders-status" name="status">
                    <option value="">"All statuses"</option>
                    {OrderStatus::ALL.into_iter().map(|s| {
                        let selected = status.as_deref() == Some(s.as_str());
                        view! { <option value=s.as_str() selected=selected>{s.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="orders-month">"Month"</label>
                <input id="orders-month" type="month" name="month" value=month.unwrap_or_default() placeholder="YYYY-MM"/>
            </div>
            {unmatched.map(|on| view! {
                <div class="field field--inline">
                    <label><input type="checkbox" name="unmatched" value="true" checked=on/>" Unmatched SKUs only"</label>
                </div>
            })}
            <button type="submit" class="button">"Filter"</button>
        </form>
    }
}
