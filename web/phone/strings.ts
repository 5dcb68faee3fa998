// Every text of the phone simulator's own screens, in English and Arabic.
import { translator, type Lang } from '../shared/lang';

const en = {
  title: 'Phone simulator',
  intro:
    'Talk to any restaurant as a WhatsApp customer. Messages go to the bot as signed Twilio webhooks; replies appear as the bot sends them.',
  restaurant: 'Restaurant',
  customer: 'Customer number',
  customerName: 'Customer name',
  inactive: 'inactive',
  language: 'العربية',
  typeMessage: 'Message',
  send: 'Send',
  attach: 'Share',
  shareLocation: 'Share location',
  inZone: 'in the delivery zone',
  outZone: 'outside the zone',
  typedCoordinates: 'Coordinates',
  latitude: 'Latitude',
  longitude: 'Longitude',
  shareThis: 'Share this location',
  sendImage: 'Send an image',
  imageUrl: 'Image URL (https://…)',
  close: 'Close',
  empty: 'Say hello to start ordering — try “hi” or “مرحبا”.',
  online: 'online',
  reconnecting: 'reconnecting…',
  failed: 'Not delivered: {message}',
  location: 'Location',
  tapToChoose: 'Tap a choice or type its number',
  noRestaurants: 'No restaurants in the database yet. Run npm run db:seed.',
  you: 'You',
  newChat: 'New customer',
} satisfies Record<string, string>;

type Key = keyof typeof en;

const ar: Record<Key, string> = {
  title: 'محاكي الجوال',
  intro: 'تحدث مع أي مطعم كعميل واتساب. تصل الرسائل إلى البوت كطلبات Twilio موقعة، وتظهر الردود فور إرسالها.',
  restaurant: 'المطعم',
  customer: 'رقم العميل',
  customerName: 'اسم العميل',
  inactive: 'غير مفعّل',
  language: 'English',
  typeMessage: 'رسالة',
  send: 'إرسال',
  attach: 'مشاركة',
  shareLocation: 'مشاركة الموقع',
  inZone: 'داخل نطاق التوصيل',
  outZone: 'خارج النطاق',
  typedCoordinates: 'إحداثيات',
  latitude: 'خط العرض',
  longitude: 'خط الطول',
  shareThis: 'شارك هذا الموقع',
  sendImage: 'إرسال صورة',
  imageUrl: 'رابط الصورة (https://…)',
  close: 'إغلاق',
  empty: 'ابدأ الطلب بالتحية — جرّب «مرحبا» أو “hi”.',
  online: 'متصل',
  reconnecting: 'إعادة الاتصال…',
  failed: 'لم تُرسل: {message}',
  location: 'الموقع',
  tapToChoose: 'اضغط على خيار أو اكتب رقمه',
  noRestaurants: 'لا مطاعم في قاعدة البيانات بعد. شغّل npm run db:seed.',
  you: 'أنت',
  newChat: 'عميل جديد',
};

export type T = ReturnType<typeof translator<Key>>;
export const tFor = (lang: Lang) => translator<Key>({ en, ar }, lang);
