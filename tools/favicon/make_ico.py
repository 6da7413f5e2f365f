# The favicon.ico that `GET /favicon.ico` serves, drawn from the same shapes as
# assets/favicon.svg (browsers that ask for /favicon.ico do not read SVG).
# Run it after changing the icon: python3 tools/favicon/make_ico.py
# Draws rapport's icon (two linked rings on a dark rounded square) as a
# 32x32 and 16x16 ICO with 32-bit BMP images, supersampled for smooth edges.
import struct, math
NAVY=(0x17,0x23,0x3b); WHITE=(255,255,255); GOLD=(0xf0,0xb4,0x00)
def sample(x,y):
    # coordinates in the 32-unit viewBox; returns (rgb, alpha) or None
    # rounded square rx=7
    rx=7
    cx=min(max(x,rx),32-rx); cy=min(max(y,rx),32-rx)
    if (x-cx)**2+(y-cy)**2>rx*rx: return None
    d2=abs(math.hypot(x-20,y-16)-7)
    if d2<=1.6: return GOLD
    d1=abs(math.hypot(x-12,y-16)-7)
    if d1<=1.6: return WHITE
    return NAVY
def image(size):
    ss=4; rows=[]
    for py in range(size):
        row=[]
        for px in range(size):
            acc=[0,0,0]; n=0
            for sy in range(ss):
                for sx in range(ss):
                    x=(px+(sx+.5)/ss)*32/size; y=(py+(sy+.5)/ss)*32/size
                    c=sample(x,y)
                    if c: acc=[a+b for a,b in zip(acc,c)]; n+=1
            a=round(255*n/(ss*ss))
            rgb=[round(v/n) for v in acc] if n else [0,0,0]
            row.append((rgb[2],rgb[1],rgb[0],a))
        rows.append(row)
    # BMP: bottom-up rows, BGRA, then an AND mask (all zero, rows padded to 4 bytes)
    hdr=struct.pack('<IiiHHIIiiII',40,size,size*2,1,32,0,0,0,0,0,0)
    px=b''.join(bytes(p) for row in reversed(rows) for p in row)
    mask_row=((size+31)//32)*4
    return hdr+px+b'\0'*(mask_row*size)
imgs=[(32,image(32)),(16,image(16))]
out=struct.pack('<HHH',0,1,len(imgs)); off=6+16*len(imgs); dirs=b''; data=b''
for s,b in imgs:
    dirs+=struct.pack('<BBBBHHII',s,s,0,0,1,32,len(b),off+len(data)); data+=b
import os
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../crates/rapport/assets/favicon.ico'), 'wb').write(out+dirs+data)
