// A QR code of a text (an address, a fingerprint), drawn as a data: image so phones can scan it.
import { useEffect, useState } from 'react';
import { Image } from '@mantine/core';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';

export function QrCode({ value, size = 128 }: { value: string; size?: number }) {
  const [drawn, setDrawn] = useState<{ for: string; src: string } | null>(null);
  const { t } = useTranslation();
  const key = `${value}\u0000${size}`;
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(value, { margin: 1, width: size * 2, errorCorrectionLevel: 'M' }).then(
      (src) => live && setDrawn({ for: key, src }),
      () => live && setDrawn(null),
    );
    return () => {
      live = false;
    };
  }, [value, size, key]);
  if (drawn?.for !== key) return <div style={{ width: size, height: size }} aria-hidden />;
  return <Image src={drawn.src} w={size} h={size} alt={t('console.common.qrFor', { value })} radius="sm" bg="white" />;
}
