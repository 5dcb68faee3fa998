// Every text the customer reads, in Arabic and English. Logic picks a key; this file words it.
import type { OptionKey, Texts } from './catalogue-types';
import type { Language } from './types';

export type { OptionKey, Texts };

const en: Texts = {
  option: {
    new_order: 'New order',
    track_order: 'Track my order',
    contact_support: 'Talk to us',
    cancel_order: 'Cancel my order',
    lang_ar: 'العربية',
    lang_en: 'English',
    view_cart: 'View cart',
    order_delivery: 'Delivery',
    order_pickup: 'Pickup',
    more: 'More…',
    add_item: 'Add more items',
    checkout: 'Checkout',
    remove_item: 'Remove an item',
    cancel: 'Empty cart',
    pay_online: 'Pay online',
    pay_cash: 'Cash on delivery',
    add_note: 'Add a note',
    skip: 'Skip',
    opt_done: 'Done',
    reorder: 'Repeat last order',
  },
  payCashAtPickup: 'Pay at pickup',
  pickupInstead: 'Pickup instead',
  status: {
    AWAITING_PAYMENT: 'awaiting payment',
    CONFIRMED: 'confirmed',
    PREPARING: 'being prepared',
    OUT_FOR_DELIVERY: 'out for delivery',
    READY_FOR_PICKUP: 'ready for pickup',
    DELIVERED: 'delivered',
    PICKED_UP: 'picked up',
    CANCELLED: 'cancelled',
  },
  weekday: { sun: 'Sunday', mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday' },
  welcome: (name) => `Welcome to ${name}! 👋`,
  chooseAction: 'How can we help you today?',
  closed: (next) => {
    if (!next) return "Sorry, we're closed right now and not taking orders.";
    const day = next.dayOffset === 0 ? 'today' : next.dayOffset === 1 ? 'tomorrow' : `on ${en.weekday[next.weekday]}`;
    return `Sorry, we're closed right now and not taking orders. We open ${day} at ${next.time}.`;
  },
  notUnderstood: "Sorry, I didn't understand that. Please tap an option or type its number.",
  help: 'Tap an option or type its number. At any time you can type "cart", "track", "support" or "عربي".',
  mediaNotUnderstood: 'I can read text messages, buttons and locations only. Please tap an option or type its number.',
  throttled: 'Your messages are arriving faster than we can answer them. Please wait a minute, then send your message again.',
  optedOut: "You're unsubscribed: we won't send you any more messages. To hear from us again, send START.",
  optedIn: "Welcome back! You're subscribed again.",
  chooseOrderType: 'Delivery or pickup?',
  shareLocation: 'Please share your location: tap 📎 (attach), then Location.',
  outsideDeliveryZone: 'Sorry, your location is outside our delivery area. You can still order for pickup.',
  deliveringFrom: (branch) => `Great! We'll deliver your order from ${branch}.`,
  noBranches: 'Sorry, none of our branches is taking orders right now.',
  chooseBranch: 'Which branch will you pick up from?',
  pickupFrom: (branch) => `Great! You'll pick up your order from ${branch}.`,
  chooseCategory: 'Choose a category:',
  menuEmpty: 'Sorry, nothing on our menu is available right now.',
  chooseItem: (category) => `${category}: choose an item.`,
  itemUnavailable: 'Sorry, that item is not available right now.',
  whichOne: 'Which one do you mean?',
  askOption: (item, group, min, max) => {
    const limit = max === 1 ? '' : min === max ? ` (${max})` : min > 0 ? ` (at least ${min}, up to ${max})` : ` (up to ${max})`;
    const done = "Tap Done when you're finished";
    const end = min === 0 ? (max === 1 ? ', or tap Skip.' : `. ${done}, or Skip.`) : max === 1 ? '.' : `. ${done}.`;
    return `${item}: choose ${group}${limit}${end}`;
  },
  optionsSoFar: (line, price) => `So far: ${line}, ${price}.`,
  optionRequired: (group) => `Please choose ${group}; it can't be skipped.`,
  askQuantity: (item, price) => `How many ${item} would you like? ${price} each. Tap a number, or type any quantity up to 20.`,
  quantity: (n) => ['One', 'Two', 'Three'][n - 1] ?? String(n),
  badQuantity: 'Please choose a quantity from 1 to 20.',
  cartTooLarge: 'That\'s more than one order can hold. For a large order, please type "support" to talk to us.',
  added: (quantity, item) => `Added ${quantity} × ${item} to your cart.`,
  afterAdd: (count, subtotal) =>
    `You have ${count} ${count === 1 ? 'item' : 'items'} in your cart (${subtotal}). What would you like to do next?`,
  cartHeader: 'Your cart:',
  cartLine: (quantity, name, total) => `${quantity} × ${name}: ${total}`,
  subtotal: (amount) => `Subtotal: ${amount}`,
  deliveryFee: (amount) => `Delivery fee: ${amount}`,
  total: (amount) => `Total: ${amount}`,
  cartEmpty: 'Your cart is empty.',
  chooseRemove: 'Which item should I remove?',
  removed: (name) => `Removed ${name} from your cart.`,
  cartCancelled: 'Your cart has been emptied; no order was placed.',
  cartExpired: 'Your cart was emptied because it sat for a while without activity.',
  cartUpdated: (names) =>
    names.length > 0
      ? `Our menu has changed, so we took out of your cart what is no longer available: ${names.join(', ')}.`
      : 'Our prices changed; your cart shows the current prices.',
  summaryHeader: (type, branch) =>
    type === 'delivery' ? `Order summary (delivery from ${branch}):` : `Order summary (pickup from ${branch}):`,
  belowMinimum: (minimum, missing) => `The minimum order for delivery is ${minimum}. Please add ${missing} more.`,
  choosePayment: 'How would you like to pay?',
  reordered: (ref) => `We've put your last order (${ref}) in your cart at today's prices.`,
  reorderLeftOut: (names) => `These are no longer available, so we left them out: ${names.join(', ')}.`,
  reorderNothing: 'Sorry, nothing from your last order is available right now.',
  askNote: 'Type your note for the restaurant (for example "no onions, please"), or tap Skip.',
  noteTooLong: (max) => `That note is too long. Please shorten it to ${max} characters or fewer.`,
  noteSaved: 'Got it, we added your note to the order.',
  noteLine: (note) => `Note: ${note}`,
  orderConfirmed: (ref, total) => `✅ Your order ${ref} is confirmed. Total: ${total}. Thank you!`,
  payOnline: (ref, total, link) => `Your order ${ref} is waiting for payment. Total: ${total}.\nPay here to confirm it: ${link}`,
  statusUpdate: (ref, status) => `Update on your order ${ref}: it is now ${status}.`,
  trackStatus: (ref, status) => `Your order ${ref} is ${status}.`,
  noOrders: "You don't have any orders yet.",
  supportHandoff: 'A member of our team will reply to you here shortly.',
  supportContact: (contact) => `You can also reach us at ${contact}.`,
  orderCancelled: (ref) => `Your order ${ref} has been cancelled.`,
  cannotCancel: (ref, status) => `Sorry, your order ${ref} is ${status} and can no longer be cancelled. Type "support" to talk to us.`,
  noOrderToCancel: "You don't have an order to cancel.",
  askRating: (ref) => `How was your order ${ref}? Please rate it from 1 to 5.`,
  askComment: 'Thank you for your rating! Would you like to add a comment? Type it now, or tap Skip.',
  thanksFeedback: 'Thank you for your feedback!',
};

/** "صنف واحد", "صنفين", "3 أصناف", "11 صنف": Arabic counts its nouns by number. */
function arabicCount(n: number): string {
  if (n === 1) return 'صنف واحد';
  if (n === 2) return 'صنفين';
  return n >= 3 && n <= 10 ? `${n} أصناف` : `${n} صنف`;
}

const ar: Texts = {
  option: {
    new_order: 'طلب جديد',
    track_order: 'تتبع طلبي',
    contact_support: 'تواصل معنا',
    cancel_order: 'إلغاء طلبي',
    lang_ar: 'العربية',
    lang_en: 'English',
    view_cart: 'عرض السلة',
    order_delivery: 'توصيل',
    order_pickup: 'استلام من الفرع',
    more: 'المزيد…',
    add_item: 'إضافة أصناف',
    checkout: 'إتمام الطلب',
    remove_item: 'حذف صنف',
    cancel: 'إفراغ السلة',
    pay_online: 'الدفع الإلكتروني',
    pay_cash: 'الدفع عند الاستلام',
    add_note: 'إضافة ملاحظة',
    skip: 'تخطي',
    opt_done: 'تم',
    reorder: 'كرر طلبي السابق',
  },
  payCashAtPickup: 'الدفع في الفرع',
  pickupInstead: 'الاستلام من الفرع',
  status: {
    AWAITING_PAYMENT: 'بانتظار الدفع',
    CONFIRMED: 'مؤكد',
    PREPARING: 'قيد التحضير',
    OUT_FOR_DELIVERY: 'في الطريق إليك',
    READY_FOR_PICKUP: 'جاهز للاستلام',
    DELIVERED: 'تم توصيله',
    PICKED_UP: 'تم استلامه',
    CANCELLED: 'ملغي',
  },
  weekday: { sun: 'الأحد', mon: 'الاثنين', tue: 'الثلاثاء', wed: 'الأربعاء', thu: 'الخميس', fri: 'الجمعة', sat: 'السبت' },
  welcome: (name) => `أهلاً بك في ${name}! 👋`,
  chooseAction: 'كيف نقدر نخدمك اليوم؟',
  closed: (next) => {
    if (!next) return 'عذراً، نحن مغلقون الآن ولا نستقبل الطلبات.';
    const day = next.dayOffset === 0 ? 'اليوم' : next.dayOffset === 1 ? 'غداً' : `يوم ${ar.weekday[next.weekday]}`;
    return `عذراً، نحن مغلقون الآن ولا نستقبل الطلبات. نفتح ${day} الساعة ${next.time}.`;
  },
  notUnderstood: 'عذراً، ما فهمت رسالتك. اختر من الخيارات أو اكتب رقم الخيار.',
  help: 'اختر من الخيارات أو اكتب رقم الخيار. وتقدر في أي وقت تكتب "السلة" أو "تتبع" أو "دعم" أو "English".',
  mediaNotUnderstood: 'أقدر أقرأ الرسائل النصية والأزرار والمواقع فقط. اختر من الخيارات أو اكتب رقم الخيار.',
  throttled: 'رسائلك توصلنا أسرع مما نقدر نرد عليها. انتظر دقيقة من فضلك، ثم أرسل رسالتك مرة ثانية.',
  optedOut: 'تم إلغاء اشتراكك: لن نرسل لك أي رسائل بعد الآن. إذا حبيت ترجع، أرسل "ابدأ".',
  optedIn: 'أهلاً بعودتك! تم تفعيل اشتراكك من جديد.',
  chooseOrderType: 'توصيل أم استلام من الفرع؟',
  shareLocation: 'أرسل لنا موقعك من فضلك: اضغط 📎 (إرفاق) ثم "الموقع".',
  outsideDeliveryZone: 'عذراً، موقعك خارج نطاق التوصيل عندنا. تقدر تطلب وتستلم من الفرع.',
  deliveringFrom: (branch) => `ممتاز! بنوصّل طلبك من ${branch}.`,
  noBranches: 'عذراً، ما فيه فرع يستقبل الطلبات حالياً.',
  chooseBranch: 'من أي فرع تحب تستلم؟',
  pickupFrom: (branch) => `ممتاز! بتستلم طلبك من ${branch}.`,
  chooseCategory: 'اختر القسم:',
  menuEmpty: 'عذراً، لا توجد أصناف متاحة في قائمتنا حالياً.',
  chooseItem: (category) => `${category}: وش تحب تطلب؟`,
  itemUnavailable: 'عذراً، هذا الصنف غير متوفر حالياً.',
  whichOne: 'أي واحد تقصد؟',
  askOption: (item, group, min, max) => {
    const limit = max === 1 ? '' : min === max ? ` (${max})` : min > 0 ? ` (من ${min} إلى ${max})` : ` (حتى ${max})`;
    const end =
      min === 0 ? (max === 1 ? '، أو اضغط "تخطي".' : '. ولما تخلص اضغط "تم"، أو "تخطي".') : max === 1 ? '.' : '. ولما تخلص اضغط "تم".';
    return `${item}: اختر ${group}${limit}${end}`;
  },
  optionsSoFar: (line, price) => `اخترت حتى الآن: ${line}، بسعر ${price}.`,
  optionRequired: (group) => `لازم تختار ${group}، ما نقدر نتخطاه.`,
  askQuantity: (item, price) => `كم تبي من ${item}؟ سعر الواحد ${price}. اختر العدد أو اكتب أي رقم إلى 20.`,
  quantity: (n) => ['واحد', 'اثنين', 'ثلاثة'][n - 1] ?? String(n),
  badQuantity: 'اختر عدداً من 1 إلى 20 من فضلك.',
  cartTooLarge: 'هذا أكثر مما يتحمله طلب واحد. للطلبات الكبيرة اكتب "دعم" وبنتواصل معك.',
  added: (quantity, item) => `تمت إضافة ${quantity} × ${item} إلى سلتك.`,
  afterAdd: (count, subtotal) => `في سلتك الحين ${arabicCount(count)}، والمجموع ${subtotal}. وش تحب تسوي بعدها؟`,
  cartHeader: 'سلتك:',
  cartLine: (quantity, name, total) => `${quantity} × ${name}: ${total}`,
  subtotal: (amount) => `المجموع: ${amount}`,
  deliveryFee: (amount) => `رسوم التوصيل: ${amount}`,
  total: (amount) => `الإجمالي: ${amount}`,
  cartEmpty: 'سلتك فارغة.',
  chooseRemove: 'أي صنف تريد حذفه؟',
  removed: (name) => `تم حذف ${name} من سلتك.`,
  cartCancelled: 'فرّغنا سلتك، وما أرسلنا أي طلب.',
  cartExpired: 'فرّغنا سلتك لأنها بقيت فترة بدون أي نشاط.',
  cartUpdated: (names) =>
    names.length > 0
      ? `تغيّرت قائمتنا، فحذفنا من سلتك اللي ما عاد متوفر: ${names.join('، ')}.`
      : 'تغيّرت أسعارنا، وسلتك الحين بالأسعار الجديدة.',
  summaryHeader: (type, branch) => (type === 'delivery' ? `ملخص الطلب (توصيل من ${branch}):` : `ملخص الطلب (استلام من ${branch}):`),
  belowMinimum: (minimum, missing) => `الحد الأدنى لطلب التوصيل ${minimum}. أضف أصنافاً بقيمة ${missing} وتقدر تكمل طلبك.`,
  choosePayment: 'كيف تحب تدفع؟',
  reordered: (ref) => `حطينا طلبك السابق (${ref}) في سلتك بأسعار اليوم.`,
  reorderLeftOut: (names) => `هذي ما عادت متوفرة، فتركناها: ${names.join('، ')}.`,
  reorderNothing: 'عذراً، ولا شيء من طلبك السابق متوفر حالياً.',
  askNote: 'اكتب ملاحظتك للمطعم (مثلاً "بدون بصل لو سمحت")، أو اضغط تخطي.',
  noteTooLong: (max) => `الملاحظة طويلة. اختصرها إلى ${max} حرف أو أقل من فضلك.`,
  noteSaved: 'تمام، أضفنا ملاحظتك إلى الطلب.',
  noteLine: (note) => `ملاحظة: ${note}`,
  orderConfirmed: (ref, total) => `✅ تم تأكيد طلبك ${ref}. الإجمالي: ${total}. شكراً لك!`,
  payOnline: (ref, total, link) => `طلبك ${ref} بانتظار الدفع. الإجمالي: ${total}.\nادفع من هنا لتأكيده: ${link}`,
  statusUpdate: (ref, status) => `تحديث على طلبك ${ref}: حالته الآن ${status}.`,
  trackStatus: (ref, status) => `حالة طلبك ${ref}: ${status}.`,
  noOrders: 'ما عندك أي طلب حتى الآن.',
  supportHandoff: 'بيرد عليك أحد من فريقنا هنا قريباً.',
  supportContact: (contact) => `ويمكنك أيضاً التواصل معنا على ${contact}.`,
  orderCancelled: (ref) => `تم إلغاء طلبك ${ref}.`,
  cannotCancel: (ref, status) => `عذراً، طلبك ${ref} ${status} ولم يعد بالإمكان إلغاؤه. اكتب "دعم" للتواصل معنا.`,
  noOrderToCancel: 'ما عندك طلب نقدر نلغيه.',
  askRating: (ref) => `كيف كان طلبك ${ref}؟ قيّمه من 1 إلى 5 من فضلك.`,
  askComment: 'شكراً على تقييمك! تحب تضيف تعليق؟ اكتبه الحين أو اضغط "تخطي".',
  thanksFeedback: 'شكراً على ملاحظاتك! 🙏',
};

const CATALOGUE: Record<Language, Texts> = { ar, en };

export function texts(language: Language): Texts {
  return CATALOGUE[language];
}
