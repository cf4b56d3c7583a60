//! The Lucide icons Hamro uses, named for what they mean here.

pub use icondata_lu::{
    LuBanknote as PAYOUTS, LuBell as BELL, LuCircleAlert as ERROR, LuCircleCheck as SUCCESS,
    LuClipboardCheck as REVIEW, LuInfo as INFO, LuKeyRound as PASSWORD, LuLayoutDashboard as DASHBOARD,
    LuLogOut as SIGN_OUT, LuMenu as MENU, LuPackage as PRODUCTS, LuShieldAlert as FORBIDDEN, LuShoppingCart as ORDERS,
    LuStore as AMAZON, LuTriangleAlert as WARNING, LuUsers as USERS, LuWallet as EARNINGS,
};
