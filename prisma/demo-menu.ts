// The demo restaurant's menu (Riyadh): used by the seed, the local emulator and tests.
import type { MenuInputRaw } from '../src/menu/schema';

const item = (nameAr: string, nameEn: string, price: number, descriptionEn?: string) => ({
  nameAr,
  nameEn,
  price,
  ...(descriptionEn ? { descriptionEn } : {}),
});

export const demoMenu: MenuInputRaw = {
  branches: [
    { nameAr: 'فرع العليا', nameEn: 'Olaya Branch', address: 'Olaya St, Riyadh', lat: 24.6907, lng: 46.6853, deliveryRadiusKm: 8 },
    { nameAr: 'فرع الملقا', nameEn: 'Malqa Branch', address: 'Anas Bin Malik Rd, Riyadh', lat: 24.8143, lng: 46.6109, deliveryRadiusKm: 6 },
  ],
  categories: [
    {
      nameAr: 'المشاوي',
      nameEn: 'Grills',
      items: [
        item('شيش طاووق', 'Shish Tawook', 3200, 'Marinated chicken skewers'),
        item('كباب لحم', 'Lamb Kebab', 3800, 'Minced lamb skewers'),
        item('مشاوي مشكلة', 'Mixed Grill', 5900, 'Tawook, kebab and lamb chops'),
        item('ريش غنم', 'Lamb Chops', 6400),
      ],
    },
    {
      nameAr: 'المقبلات',
      nameEn: 'Starters',
      items: [
        item('حمص', 'Hummus', 1400),
        item('متبل', 'Mutabbal', 1400),
        item('فتوش', 'Fattoush', 1600),
        item('سمبوسة جبن', 'Cheese Sambousek', 1800),
      ],
    },
    {
      nameAr: 'المشروبات',
      nameEn: 'Drinks',
      items: [item('لبن', 'Laban', 500), item('عصير برتقال', 'Fresh Orange Juice', 1200), item('ماء', 'Water', 200)],
    },
  ],
};
