// The menu document of SPEC §4 (PUT/GET /api/admin/restaurants/:id/menu): validated once, here.
import { z } from 'zod';

const name = z.string().trim().min(1, 'required').max(200);
const optionalText = z.string().trim().max(1000).nullish();
const money = z.number().int('must be an integer in minor units').nonnegative().max(100_000_000);

export const branchInput = z.object({
  nameAr: name,
  nameEn: name,
  address: z.string().trim().min(1, 'required').max(500),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  deliveryRadiusKm: z.number().positive('must be greater than 0').max(500),
  /** Minor units; null or absent: the restaurant's value applies. */
  deliveryFee: money.nullish(),
  minDeliveryOrder: money.nullish(),
  isActive: z.boolean().default(true),
});

/** WhatsApp lists hold 10 rows: a group's options plus its Skip or Done row. */
export const MAX_OPTIONS_PER_GROUP = 9;

export const optionInput = z.object({
  nameAr: name,
  nameEn: name,
  /** What the option adds to the item's price (minor units; 0 allowed). */
  price: money.default(0),
  isAvailable: z.boolean().default(true),
});

export const optionGroupInput = z
  .object({
    nameAr: name,
    nameEn: name,
    minSelect: z.number().int('must be an integer').nonnegative().default(0),
    maxSelect: z.number().int('must be an integer').min(1, 'must be at least 1').default(1),
    options: z.array(optionInput).min(1, 'a group needs at least one option').max(MAX_OPTIONS_PER_GROUP),
  })
  .superRefine((group, ctx) => {
    if (group.minSelect > group.maxSelect) {
      ctx.addIssue({ code: 'custom', path: ['minSelect'], message: 'must not be greater than maxSelect' });
    }
    if (group.maxSelect > group.options.length) {
      ctx.addIssue({ code: 'custom', path: ['maxSelect'], message: 'must not be greater than the number of options' });
    }
  });

export const itemInput = z.object({
  nameAr: name,
  nameEn: name,
  descriptionAr: optionalText,
  descriptionEn: optionalText,
  price: z.number().int('must be an integer in minor units').nonnegative().max(100_000_000),
  imageUrl: z.url().max(2000).nullish(),
  isAvailable: z.boolean().default(true),
  /** Asked in this order after the item is chosen (SPEC §6 "Item options"). */
  optionGroups: z.array(optionGroupInput).max(10).default([]),
});

export const categoryInput = z.object({
  nameAr: name,
  nameEn: name,
  items: z.array(itemInput).max(500).default([]),
});

export const menuInput = z.object({
  branches: z.array(branchInput).max(100),
  categories: z.array(categoryInput).max(100),
});

export type MenuInput = z.infer<typeof menuInput>;
export type MenuInputRaw = z.input<typeof menuInput>;
