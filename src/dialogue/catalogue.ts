// Every text the customer reads, in Arabic and English. Logic picks a key; this file words it.
import type { NextOpening, Weekday } from './hours';
import type { Language, OrderStatus } from './types';

/** Fixed option IDs of SPEC §6 whose titles live here (parameterised ones are built in prompts). */
export type OptionKey =
  | 'new_order'
  | 'track_order'
  | 'contact_support'
  | 'cancel_order'
  | 'lang_ar'
  | 'lang_en'
  | 'view_cart'
  | 'order_delivery'
  | 'order_pickup'
  | 'more'
  | 'add_item'
  | 'checkout'
  | 'remove_item'
  | 'cancel'
  | 'pay_online'
  | 'pay_cash'
  | 'add_note'
  | 'skip';

export interface Texts {
  option: Record<OptionKey, string>;
  payCashAtPickup: string;
  pickupInstead: string;
  status: Record<OrderStatus, string>;
  weekday: Record<Weekday, string>;
  welcome(restaurantName: string): string;
  chooseAction: string;
  closed(next: NextOpening | undefined): string;
  notUnderstood: string;
  help: string;
  mediaNotUnderstood: string;
  /** Sent once per window to a customer over the inbound flood limit (SPEC §7). */
  throttled: string;
  chooseOrderType: string;
  shareLocation: string;
  outsideDeliveryZone: string;
  deliveringFrom(branch: string): string;
  noBranches: string;
  chooseBranch: string;
  pickupFrom(branch: string): string;
  chooseCategory: string;
  menuEmpty: string;
  chooseItem(category: string): string;
  itemUnavailable: string;
  /** A typed name fits several categories or items. */
  whichOne: string;
  askQuantity(item: string, unitPrice: string): string;
  badQuantity: string;
  /** The cart would pass what one order may hold. */
  cartTooLarge: string;
  added(quantity: number, item: string): string;
  afterAdd(itemCount: number, subtotal: string): string;
  cartHeader: string;
  cartLine(quantity: number, name: string, lineTotal: string): string;
  subtotal(amount: string): string;
  deliveryFee(amount: string): string;
  total(amount: string): string;
  cartEmpty: string;
  chooseRemove: string;
  removed(name: string): string;
  cartCancelled: string;
  cartExpired: string;
  cartUpdated(removedNames: string[]): string;
  summaryHeader(orderType: 'delivery' | 'pickup', branch: string): string;
  belowMinimum(minimum: string, missing: string): string;
  choosePayment: string;
  askNote: string;
  noteTooLong(max: number): string;
  noteSaved: string;
  noteLine(note: string): string;
  orderConfirmed(reference: string, total: string): string;
  payOnline(reference: string, total: string, link: string): string;
  statusUpdate(reference: string, status: string): string;
  trackStatus(reference: string, status: string): string;
  noOrders: string;
  supportHandoff: string;
  supportContact(contact: string): string;
  orderCancelled(reference: string): string;
  cannotCancel(reference: string, status: string): string;
  noOrderToCancel: string;
  askRating(reference: string): string;
  askComment: string;
  thanksFeedback: string;
}

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
  chooseOrderType: 'Delivery or pickup?',
  shareLocation: 'Please share your location: tap 📎 (attach), then Location.',
  outsideDeliveryZone: 'Sorry, your location is outside our delivery area. You can still order for pickup.',
  deliveringFrom: (branch) => `Great! Your order will be delivered from our ${branch} branch.`,
  noBranches: 'Sorry, none of our branches is taking orders right now.',
  chooseBranch: 'Which branch will you pick up from?',
  pickupFrom: (branch) => `Pickup from our ${branch} branch.`,
  chooseCategory: 'Choose a category:',
  menuEmpty: 'Sorry, nothing on our menu is available right now.',
  chooseItem: (category) => `${category}: choose an item.`,
  itemUnavailable: 'Sorry, that item is not available right now.',
  whichOne: 'Which one do you mean?',
  askQuantity: (item, price) => `How many ${item} (${price} each)? Tap a number or type one from 1 to 20.`,
  badQuantity: 'Please choose a quantity from 1 to 20.',
  cartTooLarge: 'That\'s more than one order can hold. For a large order, please type "support" to talk to us.',
  added: (quantity, item) => `Added ${quantity} × ${item} to your cart.`,
  afterAdd: (count, subtotal) => `Your cart: ${count} item(s), ${subtotal}. What next?`,
  cartHeader: 'Your cart:',
  cartLine: (quantity, name, total) => `${quantity} × ${name}: ${total}`,
  subtotal: (amount) => `Subtotal: ${amount}`,
  deliveryFee: (amount) => `Delivery fee: ${amount}`,
  total: (amount) => `Total: ${amount}`,
  cartEmpty: 'Your cart is empty.',
  chooseRemove: 'Which item should I remove?',
  removed: (name) => `Removed ${name} from your cart.`,
  cartCancelled: 'Your cart has been emptied; no order was placed.',
  cartExpired: 'Your cart expired after a while without activity, so we emptied it.',
  cartUpdated: (names) =>
    names.length > 0
      ? `Our menu changed: ${names.join(', ')} is no longer available and was removed from your cart.`
      : 'Our prices changed; your cart shows the current prices.',
  summaryHeader: (type, branch) =>
    type === 'delivery' ? `Order summary (delivery from ${branch}):` : `Order summary (pickup from ${branch}):`,
  belowMinimum: (minimum, missing) => `The minimum order for delivery is ${minimum}. Please add ${missing} more.`,
  choosePayment: 'How would you like to pay?',
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
  notUnderstood: 'عذراً، لم أفهم رسالتك. اضغط على أحد الخيارات أو اكتب رقمه.',
  help: 'اضغط على أحد الخيارات أو اكتب رقمه. ويمكنك في أي وقت كتابة "السلة" أو "تتبع" أو "دعم" أو "English".',
  mediaNotUnderstood: 'أستطيع قراءة الرسائل النصية والأزرار والمواقع فقط. اضغط على أحد الخيارات أو اكتب رقمه.',
  throttled: 'تصلنا رسائلك أسرع مما نستطيع الرد عليها. انتظر دقيقة من فضلك ثم أرسل رسالتك مرة أخرى.',
  chooseOrderType: 'توصيل أم استلام من الفرع؟',
  shareLocation: 'شارك موقعك من فضلك: اضغط 📎 (إرفاق) ثم الموقع.',
  outsideDeliveryZone: 'عذراً، موقعك خارج نطاق التوصيل لدينا. يمكنك الطلب والاستلام من الفرع.',
  deliveringFrom: (branch) => `رائع! سيتم توصيل طلبك من فرع ${branch}.`,
  noBranches: 'عذراً، لا يوجد فرع يستقبل الطلبات حالياً.',
  chooseBranch: 'من أي فرع تود الاستلام؟',
  pickupFrom: (branch) => `الاستلام من فرع ${branch}.`,
  chooseCategory: 'اختر القسم:',
  menuEmpty: 'عذراً، لا توجد أصناف متاحة في قائمتنا حالياً.',
  chooseItem: (category) => `${category}: اختر الصنف.`,
  itemUnavailable: 'عذراً، هذا الصنف غير متوفر حالياً.',
  whichOne: 'أي واحد تقصد؟',
  askQuantity: (item, price) => `كم تريد من ${item} (${price} للواحد)؟ اضغط على رقم أو اكتب رقماً من 1 إلى 20.`,
  badQuantity: 'اختر كمية من 1 إلى 20 من فضلك.',
  cartTooLarge: 'هذا أكثر مما يتسع له طلب واحد. للطلبات الكبيرة اكتب "دعم" للتواصل معنا.',
  added: (quantity, item) => `تمت إضافة ${quantity} × ${item} إلى سلتك.`,
  afterAdd: (count, subtotal) => `عدد الأصناف في سلتك: ${count}، المجموع: ${subtotal}. ماذا تريد الآن؟`,
  cartHeader: 'سلتك:',
  cartLine: (quantity, name, total) => `${quantity} × ${name}: ${total}`,
  subtotal: (amount) => `المجموع: ${amount}`,
  deliveryFee: (amount) => `رسوم التوصيل: ${amount}`,
  total: (amount) => `الإجمالي: ${amount}`,
  cartEmpty: 'سلتك فارغة.',
  chooseRemove: 'أي صنف تريد حذفه؟',
  removed: (name) => `تم حذف ${name} من سلتك.`,
  cartCancelled: 'تم إفراغ سلتك ولم يتم إرسال أي طلب.',
  cartExpired: 'انتهت صلاحية سلتك بعد فترة من عدم النشاط، لذا قمنا بإفراغها.',
  cartUpdated: (names) =>
    names.length > 0 ? `تغيرت قائمتنا: ${names.join('، ')} لم يعد متوفراً وتم حذفه من سلتك.` : 'تغيرت أسعارنا، وسلتك تعرض الأسعار الحالية.',
  summaryHeader: (type, branch) => (type === 'delivery' ? `ملخص الطلب (توصيل من فرع ${branch}):` : `ملخص الطلب (استلام من فرع ${branch}):`),
  belowMinimum: (minimum, missing) => `الحد الأدنى لطلبات التوصيل ${minimum}. أضف أصنافاً بقيمة ${missing} من فضلك.`,
  choosePayment: 'كيف تود الدفع؟',
  askNote: 'اكتب ملاحظتك للمطعم (مثلاً "بدون بصل لو سمحت")، أو اضغط تخطي.',
  noteTooLong: (max) => `الملاحظة طويلة. اختصرها إلى ${max} حرف أو أقل من فضلك.`,
  noteSaved: 'تمام، أضفنا ملاحظتك إلى الطلب.',
  noteLine: (note) => `ملاحظة: ${note}`,
  orderConfirmed: (ref, total) => `✅ تم تأكيد طلبك ${ref}. الإجمالي: ${total}. شكراً لك!`,
  payOnline: (ref, total, link) => `طلبك ${ref} بانتظار الدفع. الإجمالي: ${total}.\nادفع من هنا لتأكيده: ${link}`,
  statusUpdate: (ref, status) => `تحديث على طلبك ${ref}: حالته الآن ${status}.`,
  trackStatus: (ref, status) => `حالة طلبك ${ref}: ${status}.`,
  noOrders: 'ليس لديك أي طلبات حتى الآن.',
  supportHandoff: 'سيتواصل معك أحد أفراد فريقنا هنا قريباً.',
  supportContact: (contact) => `ويمكنك أيضاً التواصل معنا على ${contact}.`,
  orderCancelled: (ref) => `تم إلغاء طلبك ${ref}.`,
  cannotCancel: (ref, status) => `عذراً، طلبك ${ref} ${status} ولم يعد بالإمكان إلغاؤه. اكتب "دعم" للتواصل معنا.`,
  noOrderToCancel: 'ليس لديك طلب يمكن إلغاؤه.',
  askRating: (ref) => `كيف كان طلبك ${ref}؟ قيّمه من 1 إلى 5 من فضلك.`,
  askComment: 'شكراً لتقييمك! هل تود إضافة تعليق؟ اكتبه الآن أو اضغط تخطي.',
  thanksFeedback: 'شكراً لملاحظاتك!',
};

const CATALOGUE: Record<Language, Texts> = { ar, en };

export function texts(language: Language): Texts {
  return CATALOGUE[language];
}
