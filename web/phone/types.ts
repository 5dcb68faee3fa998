// What the simulator's routes answer (src/twilio/phone/).
export interface LocationPreset {
  lat: number;
  lng: number;
  labelEn: string;
  labelAr: string;
  insideZone: boolean;
}

export interface PhoneRestaurant {
  id: string;
  restaurantName: string;
  whatsappFrom: string;
  locale: string;
  isActive: boolean;
  presets: LocationPreset[];
}

export interface PhoneLine {
  id: string;
  direction: 'in' | 'out';
  body: string;
  at: string;
  mediaUrls: string[];
  status?: 'sent' | 'delivered' | 'read';
  quickReplies?: { id: string; title: string }[];
  list?: { button: string; rows: { id: string; title: string; description?: string }[] };
  location?: { lat: number; lng: number; label?: string };
}

export type Outgoing =
  | { text: string }
  | { buttonId: string; text: string }
  | { listId: string; text: string }
  | { location: { lat: number; lng: number; label?: string } }
  | { imageUrl: string };
