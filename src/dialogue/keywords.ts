// Words a customer may type instead of tapping a button, in both languages. They are matched
// as whole words after normalisation (see parse.ts), never as substrings: "cashew" is not "cash".
// Write Arabic entries in plain letters; normalisation folds أ/إ/آ→ا, ى→ي, ة→ه on both sides.

export interface Keyword {
  id: string;
  phrases: string[];
  /** Weak words ("order", "pay") count only when no strong word matched. */
  weak?: boolean;
  /** Counts only as the whole message: "no" skips, "no onions" does not. */
  exact?: boolean;
}

/** Opt-out and opt-in (SPEC §6): each counts only as the whole message, and before any keyword
 * below ("الغاء الاشتراك" opts out; "الغاء" alone still cancels). See opt-out.ts. */
export const OPT_OUT_PHRASES = ['stop', 'unsubscribe', 'ايقاف', 'الغاء الاشتراك'];
export const OPT_IN_PHRASES = ['start', 'ابدا'];

export const KEYWORDS: Keyword[] = [
  // "start" from a customer who never opted out is a new order; so is "ابدأ", but only alone
  // ("أبداً" means "ever" in a sentence).
  { id: 'new_order', phrases: ['ابدا'], exact: true },
  { id: 'new_order', phrases: ['menu', 'new order', 'start', 'منيو', 'المنيو', 'القائمة', 'قائمة', 'طلب جديد', 'اطلب'] },
  { id: 'new_order', phrases: ['order', 'طلب', 'الطلب'], weak: true },
  {
    id: 'track_order',
    phrases: ['track', 'tracking', 'status', 'where is my order', 'تتبع', 'تتبع طلبي', 'حالة الطلب', 'حالة طلبي', 'وين طلبي'],
  },
  {
    id: 'contact_support',
    phrases: ['support', 'agent', 'human', 'customer service', 'دعم', 'الدعم', 'موظف', 'خدمة العملاء', 'تواصل'],
  },
  { id: 'help', phrases: ['help', 'مساعدة', 'ساعدني'] },
  { id: 'lang_en', phrases: ['english', 'انجليزي', 'انجليزية', 'الانجليزية', 'انقليزي', 'انكليزي'] },
  { id: 'lang_ar', phrases: ['arabic', 'عربي', 'العربية', 'عربية'] },
  { id: 'order_delivery', phrases: ['delivery', 'deliver', 'توصيل', 'التوصيل', 'دليفري'] },
  { id: 'order_pickup', phrases: ['pickup', 'pick up', 'takeaway', 'take away', 'collect', 'استلام', 'الاستلام', 'سفري'] },
  { id: 'more', phrases: ['more', 'next', 'المزيد', 'مزيد', 'التالي'] },
  { id: 'add_item', phrases: ['add', 'add more', 'add item', 'اضافة', 'اضف', 'اضافه'] },
  { id: 'view_cart', phrases: ['cart', 'basket', 'my cart', 'السلة', 'سلة', 'سلتي'] },
  { id: 'checkout', phrases: ['checkout', 'check out', 'اتمام', 'اتمام الطلب', 'انهاء الطلب'] },
  { id: 'checkout', phrases: ['pay', 'دفع', 'الدفع'], weak: true },
  { id: 'remove_item', phrases: ['remove', 'delete', 'حذف', 'ازالة', 'شيل'] },
  { id: 'cancel', phrases: ['cancel', 'الغاء', 'الغي', 'كنسل'] },
  { id: 'pay_cash', phrases: ['cash', 'كاش', 'بالكاش', 'نقدا', 'نقدي', 'نقد', 'كاش عند الاستلام'] },
  { id: 'pay_online', phrases: ['online', 'card', 'credit card', 'اونلاين', 'الكتروني', 'الكترونيا', 'بطاقة', 'مدى', 'شبكة'] },
  { id: 'skip', phrases: ['skip', 'no', 'no thanks', 'تخطي', 'لا', 'لا شكرا'], exact: true },
  { id: 'opt_done', phrases: ['done', 'finished', "that's all", 'تم', 'خلاص', 'بس كذا'], exact: true },
  {
    id: 'reorder',
    phrases: [
      'reorder',
      'repeat',
      'repeat my order',
      'same again',
      'same order',
      'كرر',
      'كرر طلبي',
      'اعادة الطلب',
      'نفس الطلب',
      'نفس طلبي',
    ],
  },
  { id: 'add_note', phrases: ['note', 'add note', 'add a note', 'ملاحظة', 'اضافة ملاحظة', 'اضف ملاحظة'] },
];
