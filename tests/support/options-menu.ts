// A menu with item options for the real-stack tests: a shawarma with a required size, extras
// (up to two) and a drink without options.
import type { MenuInputRaw } from '../../src/menu/schema';

export const optionsMenu: MenuInputRaw = {
  branches: [
    { nameAr: 'فرع العليا', nameEn: 'Olaya Branch', address: 'Olaya St, Riyadh', lat: 24.6907, lng: 46.6853, deliveryRadiusKm: 8 },
  ],
  categories: [
    {
      nameAr: 'السندويشات',
      nameEn: 'Sandwiches',
      items: [
        {
          nameAr: 'شاورما دجاج',
          nameEn: 'Chicken Shawarma',
          price: 1500,
          optionGroups: [
            {
              nameAr: 'الحجم',
              nameEn: 'Size',
              minSelect: 1,
              maxSelect: 1,
              options: [
                { nameAr: 'عادي', nameEn: 'Regular', price: 0 },
                { nameAr: 'كبير', nameEn: 'Large', price: 500 },
              ],
            },
            {
              nameAr: 'الإضافات',
              nameEn: 'Extras',
              minSelect: 0,
              maxSelect: 2,
              options: [
                { nameAr: 'جبنة إضافية', nameEn: 'Extra cheese', price: 300 },
                { nameAr: 'مخلل', nameEn: 'Pickles', price: 0 },
                { nameAr: 'هالبينو', nameEn: 'Jalapeno', price: 200, isAvailable: false },
              ],
            },
          ],
        },
        { nameAr: 'فلافل', nameEn: 'Falafel', price: 800 },
      ],
    },
    { nameAr: 'المشروبات', nameEn: 'Drinks', items: [{ nameAr: 'لبن', nameEn: 'Laban', price: 500 }] },
  ],
};
